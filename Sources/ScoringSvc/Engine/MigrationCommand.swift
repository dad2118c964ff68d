public import Shared

/// The command an admin would type on the source node for a move.
public enum MigrationCommand {
    /// `qm migrate <vmid> <target> --online [--with-local-disks]` for a running VM,
    /// `pct migrate <vmid> <target> --restart` for a running container.
    public static func command(for guest: GuestState, target: String, hasLocalDisks: Bool) -> String {
        switch guest.type {
        case .qemu:
            let online = guest.status == "running" ? " --online" : ""
            return "qm migrate \(guest.vmid) \(target)\(online)\(hasLocalDisks ? " --with-local-disks" : "")"
        case .lxc:
            return "pct migrate \(guest.vmid) \(target)\(guest.status == "running" ? " --restart" : "")"
        }
    }
}
