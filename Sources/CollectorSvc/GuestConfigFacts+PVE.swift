import Contract
import ProxmoxAPI

extension GuestConfigFacts {
    /// The placement facts of a Proxmox guest configuration: the storages its disks and
    /// volume mount points live on, their total size, passthrough devices, and host-path mounts.
    init(_ config: PVEGuestConfig) {
        let disks = config.disks.filter { !$0.isCDROM }
        let volumes = config.mountPoints.filter { $0.kind == .volume }
        let storageIDs = disks.compactMap(\.storage) + volumes.compactMap(\.storage)
        let sizes = disks.compactMap(\.sizeBytes) + volumes.compactMap(\.sizeBytes)
        self.init(
            storages: Array(Set(storageIDs)).sorted(),
            diskBytes: sizes.isEmpty ? nil : Int64(sizes.reduce(0, +)),
            passthrough: config.passthrough,
            bindMounts: config.mountPoints.filter { $0.kind != .volume }.map {
                BindMount(key: $0.key, source: $0.source, mountPath: $0.mountPath, shared: $0.isShared)
            })
    }
}
