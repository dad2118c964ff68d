import Foundation

/// One entry of `GET /cluster/resources`: a guest, node, storage, pool, SDN zone or network.
/// Only `id` and `type` are always present; which other fields appear depends on the type and
/// state (stopped guests and offline nodes lack live values).
public struct PVEResource: Sendable, Hashable, Decodable {
    /// The resource type as reported in `type`.
    public enum Kind: Sendable, Hashable {
        case qemu, lxc, node, storage, pool, sdn, network
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "qemu": self = .qemu
            case "lxc": self = .lxc
            case "node": self = .node
            case "storage": self = .storage
            case "pool": self = .pool
            case "sdn": self = .sdn
            case "network": self = .network
            default: self = .other(rawValue)
            }
        }
    }

    /// `qemu/100`, `lxc/101`, `node/pve1`, `storage/pve1/local`, `/pool/x`.
    public var id: String
    public var type: Kind
    public var node: String?
    /// Guests: `running`, `stopped`, `paused`, `unknown`…; nodes: `online`, `offline`, `unknown`;
    /// storages: `available`, `unknown`.
    public var status: String?
    public var vmid: Int?
    public var name: String?
    /// Fraction (node: of all host threads; guest: of its own vCPUs).
    public var cpu: Double?
    /// CPU count (may be fractional for LXC with `cpulimit`).
    public var maxcpu: Double?
    /// Bytes.
    public var mem: Int?
    public var maxmem: Int?
    /// PVE 9: host view of guest memory, bytes.
    public var memhost: Int?
    /// Bytes (always 0 for QEMU guests).
    public var disk: Int?
    public var maxdisk: Int?
    /// Cumulative bytes since the guest started.
    public var netin: Int?
    public var netout: Int?
    public var diskread: Int?
    public var diskwrite: Int?
    /// Seconds.
    public var uptime: Int?
    public var template: Bool
    public var tags: [String]
    /// `migrate`, `backup`, `snapshot`, …
    public var lock: String?
    /// HA service state (`started`, `migrate`, …; PVE 9 nodes: `online`, `maintenance`).
    public var hastate: String?
    public var pool: String?
    /// Storage entries: the storage id.
    public var storage: String?
    public var shared: Bool?
    public var plugintype: String?
    /// Storage content types (`images`, `rootdir`, …).
    public var content: [String]
    /// Node subscription level (`''`, `c`, `b`, `s`, `p`).
    public var level: String?
    public var cgroupMode: Int?
    public var hostArch: String?
    /// SDN entries: the zone name.
    public var sdn: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        id = try fields.required("id")
        type = Kind(rawValue: try fields.required("type"))
        node = try fields.optional("node")
        status = try fields.optional("status")
        vmid = try fields.optional("vmid")
        name = try fields.optional("name")
        cpu = try fields.optional("cpu")
        maxcpu = try fields.optional("maxcpu")
        mem = try fields.optional("mem")
        maxmem = try fields.optional("maxmem")
        memhost = try fields.optional("memhost")
        disk = try fields.optional("disk")
        maxdisk = try fields.optional("maxdisk")
        netin = try fields.optional("netin")
        netout = try fields.optional("netout")
        diskread = try fields.optional("diskread")
        diskwrite = try fields.optional("diskwrite")
        uptime = try fields.optional("uptime")
        template = try fields.optional("template") ?? false
        tags = PVETags.parse(try fields.optional("tags"))
        lock = try fields.optional("lock")
        hastate = try fields.optional("hastate")
        pool = try fields.optional("pool")
        storage = try fields.optional("storage")
        shared = try fields.optional("shared")
        plugintype = try fields.optional("plugintype")
        content = PVETags.commaList(try fields.optional("content"))
        level = try fields.optional("level")
        cgroupMode = try fields.optional("cgroup-mode")
        hostArch = try fields.optional("host-arch")
        sdn = try fields.optional("sdn")
    }

    /// Whether this guest runs (`status` is `running`).
    public var isRunning: Bool { status == "running" }

    /// `.qemu` or `.lxc` for guest entries, `nil` otherwise.
    public var guestKind: PVEGuestKind? {
        switch type {
        case .qemu: return .qemu
        case .lxc: return .lxc
        default: return nil
        }
    }
}
