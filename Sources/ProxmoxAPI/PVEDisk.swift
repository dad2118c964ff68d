/// A QEMU drive (`scsi0`, `virtio1`, `sata0`, `ide2`, `efidisk0`, `tpmstate0`) or an unused
/// volume (`unusedN`, both guest kinds) from a guest config.
public struct PVEDisk: Sendable, Hashable {
    /// The config key (`scsi0`).
    public var key: String
    /// The volume id (`local-lvm:vm-100-disk-0`), `none`, `cdrom`, or an absolute path.
    public var volume: String
    /// The storage id of a `storage:volume` volume; `nil` for `none`, `cdrom` or a path.
    public var storage: String?
    /// From `size=32G`.
    public var sizeBytes: Int?
    /// `media=cdrom` (including cloud-init drives).
    public var isCDROM: Bool
    /// A cloud-init drive (`…:vm-100-cloudinit`).
    public var isCloudInit: Bool
    /// An `unusedN` entry.
    public var isUnused: Bool
    /// The remaining `key=value` options (`iothread`, `cache`, …).
    public var options: [String: String]

    /// Parses the config entry `key: value`.
    public init(key: String, value: String) {
        let property = PVEPropertyString(value, defaultKey: "file")
        let volume = property.defaultValue ?? property.options["volume"] ?? ""
        self.key = key
        self.volume = volume
        self.storage = Self.storage(of: volume)
        self.sizeBytes = property.options["size"].flatMap(PVEByteSize.parseConfigSize)
        self.isCDROM = property.options["media"] == "cdrom"
        self.isCloudInit = volume.contains("cloudinit")
        self.isUnused = key.hasPrefix("unused")
        self.options = property.options
    }

    /// `local-lvm` for `local-lvm:vm-100-disk-0`; `nil` for paths and `none`/`cdrom`.
    static func storage(of volume: String) -> String? {
        guard !volume.hasPrefix("/"), let colon = volume.firstIndex(of: ":"), colon != volume.startIndex else { return nil }
        return String(volume[..<colon])
    }
}
