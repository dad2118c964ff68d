import Contract

/// The Proxmox options ProxBalance migrates a guest with: a running VM live (`online=1`, plus
/// `with-local-disks=1` when it has disks on local storage), a running container with a restart
/// (`restart=1`; containers cannot move live), a stopped guest offline (no option: Proxmox copies
/// its local disks as part of an offline move).
public enum MigrationOptionsChoice {
    /// The options for one guest. `online` overrides the live/offline choice for a VM (an admin
    /// may ask for an offline move; Proxmox then refuses if the VM runs).
    public static func options(type: GuestType, running: Bool, hasLocalDisks: Bool, online: Bool? = nil) -> PVEMigrateOptions {
        switch type {
        case .qemu:
            let live = online ?? running
            return PVEMigrateOptions(online: live, withLocalDisks: live && hasLocalDisks ? true : nil)
        case .lxc:
            return PVEMigrateOptions(restart: running ? true : nil)
        }
    }
}

extension PVEMigrateOptions {
    /// The mode these options migrate with: live, with a restart, or offline.
    public var mode: MigrationMode {
        if online == true { return .online }
        if restart == true { return .restart }
        return .offline
    }
}
