public import Shared

/// The guest-level hard rules: whether a guest may be moved at all, whatever the target.
public enum GuestEligibility {
    /// The first rule that keeps `guest` where it is, with a sentence, or `nil` when it may move.
    public static func blocker(_ guest: GuestState) -> (reason: SkipReason, detail: String)? {
        if guest.template { return (.ruleTemplate, "\(guest.label) is a template") }
        if guest.status != "running" {
            return (.stopped, "\(guest.label) is \(guest.status); only running guests are balanced")
        }
        if let lock = guest.lock { return (.ruleLocked, "\(guest.label) is locked (\(lock)) by Proxmox") }
        if !guest.configKnown {
            return (.ruleConfigUnknown, "\(guest.label)'s configuration could not be read, so its storages and devices are unknown")
        }
        if GuestTags(guest.tags).ignore { return (.hasIgnoreTag, "\(guest.label) has the 'ignore' tag") }
        if guest.isHAManaged {
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
