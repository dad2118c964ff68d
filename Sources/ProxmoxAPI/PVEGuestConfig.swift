import Contract

/// `GET /nodes/{node}/{qemu|lxc}/{vmid}/config`: the raw flat key → value map plus the parts a
/// balancer needs, parsed.
public struct PVEGuestConfig: Sendable, Hashable {
    public let kind: PVEGuestKind
    /// Every config key as sent (`scsi0`, `net0`, `lxc`, `digest`, …).
    public let raw: [String: PVEValue]

    /// `cores` as configured; `nil` when absent (QEMU default 1; LXC: all host CPUs).
    public let cores: Int?
    /// QEMU `sockets` as configured (default 1).
    public let sockets: Int?
    /// QEMU hot-plugged vCPU count, when set.
    public let vcpus: Int?
    /// LXC CPU limit (fractional CPUs), when set.
    public let cpulimit: Double?
    /// Memory in MiB; QEMU accepts `4096`, `"4096"` or `current=4096`. Default 512.
    public let memoryMiB: Int
    /// QEMU balloon minimum in MiB (`0` means ballooning off).
    public let balloonMiB: Int?
    /// LXC swap in MiB.
    public let swapMiB: Int?
    /// QEMU drives and unused volumes, in natural key order (`scsi2` before `scsi10`).
    public let disks: [PVEDisk]
    /// LXC `rootfs` first, then `mpN` in natural key order.
    public let mountPoints: [PVEMountPoint]
    /// Keys that tie the guest to its host: `hostpciN`, `usbN` (except `spice`), `serialN` (except
    /// `socket`), `parallelN`.
    public let passthrough: [String]
    public let tags: [String]
    public let isTemplate: Bool
    /// `migrate`, `backup`, `snapshot`, … (present only while locked).
    public let lock: String?
    public let onboot: Bool
    /// QEMU `name`.
    public let name: String?
    /// LXC `hostname`.
    public let hostname: String?
    /// SHA-1 of the config.
    public let digest: String?

    /// Parses a config map of a `kind` guest. Throws a `DecodingError` naming the key when a
    /// sizing value (`cores`, `memory`, …) is not a number.
    public init(kind: PVEGuestKind, raw: [String: PVEValue]) throws {
        let fields = PVEFields(raw)
        self.kind = kind
        self.raw = raw
        cores = try fields.optional("cores")
        sockets = try fields.optional("sockets")
        vcpus = try fields.optional("vcpus")
        cpulimit = try fields.optional("cpulimit")
        memoryMiB = try Self.memory(fields) ?? 512
        balloonMiB = try fields.optional("balloon")
        swapMiB = try fields.optional("swap")
        tags = PVETags.parse(try fields.optional("tags"))
        isTemplate = try fields.optional("template") ?? false
        lock = try fields.optional("lock")
        onboot = try fields.optional("onboot") ?? false
        name = try fields.optional("name")
        hostname = try fields.optional("hostname")
        digest = try fields.optional("digest")

        var disks: [PVEDisk] = []
        var mountPoints: [PVEMountPoint] = []
        var passthrough: [String] = []
        for key in raw.keys.sorted(by: Self.naturalOrder) {
            guard let value = raw[key]?.stringValue else { continue }
            let (prefix, index) = Self.split(key)
            let isNumbered = index != nil
            if isNumbered && prefix == "unused" {
                disks.append(PVEDisk(key: key, value: value))
            } else if kind == .qemu && isNumbered && Self.drivePrefixes.contains(prefix) {
                disks.append(PVEDisk(key: key, value: value))
            } else if kind == .lxc && prefix == "rootfs" && !isNumbered {
                mountPoints.insert(PVEMountPoint(key: key, value: value), at: 0)
            } else if kind == .lxc && prefix == "mp" && isNumbered {
                mountPoints.append(PVEMountPoint(key: key, value: value))
            } else if isNumbered && Self.isPassthrough(prefix: prefix, value: value) {
                passthrough.append(key)
            }
        }
        self.disks = disks
        self.mountPoints = mountPoints
        self.passthrough = passthrough
    }

    /// `name` for VMs, `hostname` for containers.
    public var displayName: String? { name ?? hostname }

    /// The vCPUs the guest can use: QEMU `vcpus`, else `cores × sockets` (defaults 1); LXC
    /// `cores`, or `nil` when unrestricted (all host CPUs).
    public var vcpuCount: Int? {
        switch kind {
        case .qemu: return vcpus ?? (cores ?? 1) * (sockets ?? 1)
        case .lxc: return cores
        }
    }

    private static let drivePrefixes: Set<Substring> = ["ide", "sata", "scsi", "virtio", "efidisk", "tpmstate"]

    /// `hostpciN` and `parallelN` always; `usbN` unless it is the SPICE redirect; `serialN`
    /// unless it is a (migratable) socket.
    private static func isPassthrough(prefix: Substring, value: String) -> Bool {
        switch prefix {
        case "hostpci", "parallel": return true
        case "usb": return PVEPropertyString(value, defaultKey: "host").defaultValue != "spice"
        case "serial": return value != "socket"
        default: return false
        }
    }

    private static func memory(_ fields: PVEFields) throws -> Int? {
        guard let value = fields.values["memory"], value != .null else { return nil }
        if let megabytes = value.intValue { return megabytes }
        guard let text = value.stringValue,
            let current = PVEPropertyString(text, defaultKey: "current").defaultValue,
            let megabytes = Int(current)
        else { throw fields.mismatch("memory", expected: "MiB as 4096, \"4096\" or \"current=4096\"", found: value) }
        return megabytes
    }

    /// `("scsi", 10)` for `scsi10`, `("rootfs", nil)` for `rootfs`.
    private static func split(_ key: String) -> (prefix: Substring, index: Int?) {
        let prefix = key.prefix { !$0.isNumber }
        let digits = key[prefix.endIndex...]
        guard !digits.isEmpty else { return (prefix, nil) }
        return (prefix, Int(digits))
    }

    /// Orders `scsi2` before `scsi10`: by prefix, then number, then the whole key.
    private static func naturalOrder(_ lhs: String, _ rhs: String) -> Bool {
        let (left, right) = (split(lhs), split(rhs))
        return (left.prefix, left.index ?? -1, lhs) < (right.prefix, right.index ?? -1, rhs)
    }
}
