public import Contract

/// The guest-level hard rules: whether a guest may be moved at all, whatever the target.
public enum GuestEligibility {
    /// The first rule that keeps `guest` where it is, with a sentence, or `nil` when it may move.
    /// A guest `evacuating` a maintenance node ignores the `ignore` tag and HA management
    /// (evacuation has priority; HA-managed guests move through Proxmox HA), and a stopped one
    /// moves too, offline.
    public static func blocker(_ guest: GuestState, evacuating: Bool = false) -> (reason: SkipReason, detail: String)? {
        if guest.template { return (.ruleTemplate, "\(guest.label) is a template") }
        if !guest.isRunning, !(evacuating && guest.status == "stopped") {
            return (
                .stopped,
                evacuating
                    ? "\(guest.label) is \(guest.status); only running guests move live and stopped ones offline"
                    : "\(guest.label) is \(guest.status); only running guests are balanced"
            )
        }
        if let lock = guest.lock { return (.ruleLocked, "\(guest.label) is locked (\(lock)) by Proxmox") }
        if !guest.configKnown {
            return (.ruleConfigUnknown, "\(guest.label)'s configuration could not be read, so its storages and devices are unknown")
        }
        if !evacuating, GuestTags(guest.tags).ignore { return (.hasIgnoreTag, "\(guest.label) has the 'ignore' tag") }
        if !evacuating, guest.isHAManaged {
            return (
                .haManaged,
                "\(guest.label) is managed by Proxmox HA; its placement is left to Proxmox's own HA balancer (CRS)"
            )
        }
        if !guest.passthrough.isEmpty {
            return (
                .passthroughDisk,
                "\(guest.label) uses host devices (\(guest.passthrough.joined(separator: ", "))) that pin it to its node"
            )
        }
        if guest.hasUnsharedBindMount {
            let mounts = guest.bindMounts.filter { !$0.shared }.map(\.key).joined(separator: ", ")
            return (.unsharedBindMount, "\(guest.label) has bind mounts without shared=1 (\(mounts))")
        }
        return nil
    }
}
