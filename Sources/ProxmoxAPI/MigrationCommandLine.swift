import Contract

/// The command an admin would type on the source node for a migration with given options,
/// e.g. `qm migrate 101 pve2 --online --with-local-disks` or `pct migrate 201 pve2 --restart`.
public enum MigrationCommandLine {
    public static func command(type: GuestType, vmid: Int, target: String, options: PVEMigrateOptions) -> String {
        var parts = [type == .qemu ? "qm" : "pct", "migrate", String(vmid), target]
        if options.online == true { parts.append("--online") }
        if options.withLocalDisks == true { parts.append("--with-local-disks") }
        if options.restart == true { parts.append("--restart") }
        if let timeout = options.timeout { parts.append("--timeout \(timeout)") }
        if let limit = options.bwlimitKiB { parts.append("--bwlimit \(limit)") }
        return parts.joined(separator: " ")
    }
}
