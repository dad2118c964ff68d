/// An LXC `rootfs` or `mpN` entry.
public struct PVEMountPoint: Sendable, Hashable {
    /// How the mount point is backed.
    public enum Kind: String, Sendable, Hashable {
        /// A storage volume (`local-lvm:vm-101-disk-1`): migrated with the container.
        case volume
        /// A host directory (`/mnt/data`): must exist on the target; blocks migration unless `shared=1`.
        case bind
        /// A host block device (`/dev/sdb1`): blocks migration unless `shared=1`.
        case device
    }

    /// `rootfs` or `mp0`.
    public var key: String
    /// The volume id or host path.
    public var source: String
    public var kind: Kind
    /// The storage of a volume mount point.
    public var storage: String?
    /// The path inside the container (`mp=`; `/` for rootfs).
    public var mountPath: String?
    /// From `size=8G`.
    public var sizeBytes: Int?
    /// `shared=1`: the source exists on every node, so the mount point does not block migration.
    public var isShared: Bool
    /// The remaining `key=value` options.
    public var options: [String: String]

    /// Parses the config entry `key: value`.
    public init(key: String, value: String) {
        let property = PVEPropertyString(value, defaultKey: key == "rootfs" ? "rootfs" : "volume")
        let source = property.defaultValue ?? ""
        self.key = key
        self.source = source
        if source.hasPrefix("/dev/") {
            kind = .device
        } else if source.hasPrefix("/") {
            kind = .bind
        } else {
            kind = .volume
        }
        storage = kind == .volume ? PVEDisk.storage(of: source) : nil
        mountPath = property.options["mp"] ?? (key == "rootfs" ? "/" : nil)
        sizeBytes = property.options["size"].flatMap(PVEByteSize.parseConfigSize)
        isShared = property.flag("shared")
        options = property.options
    }
}
