/// One guest from `GET /nodes/{node}/qemu` or `/lxc`, and the answer of
/// `/nodes/{node}/{qemu|lxc}/{vmid}/status/current` (same fields plus `ha` and `agent`).
public struct PVEGuestListEntry: Sendable, Hashable, Decodable {
    /// HA state of a guest (`status/current` only).
    public struct HA: Sendable, Hashable {
        public var managed: Bool
        public var state: String?
        public var group: String?
    }

    /// Integer in the QEMU list, a string in LXC lists before PVE 8.2; always an `Int` here.
    public var vmid: Int
    /// From `type` (LXC lists only) or filled in by the client from the endpoint.
    public var kind: PVEGuestKind?
    /// `running`, `stopped` (QEMU without `full` reports paused VMs as `running`).
    public var status: String?
    /// QEMU with `full=1` or `status/current`: `running`, `paused`, …
    public var qmpstatus: String?
    public var name: String?
    /// vCPUs (may be a string in old LXC answers).
    public var cpus: Double?
    /// Fraction of the guest's own vCPUs.
    public var cpu: Double?
    /// Bytes.
    public var mem: Int?
    public var maxmem: Int?
    public var memhost: Int?
    public var disk: Int?
    public var maxdisk: Int?
    public var swap: Int?
    public var maxswap: Int?
    /// Cumulative bytes since the guest started.
    public var netin: Int?
    public var netout: Int?
    public var diskread: Int?
    public var diskwrite: Int?
    /// Seconds.
    public var uptime: Int?
    public var pid: Int?
    public var template: Bool
    public var tags: [String]
    public var lock: String?
    /// Balloon target, bytes (QEMU `full`/`status/current`).
    public var balloon: Int?
    public var ha: HA?
    /// Whether the QEMU guest agent is enabled (`status/current`).
    public var agent: Bool?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        vmid = try fields.required("vmid")
        kind = try fields.optional("type", as: String.self).flatMap(PVEGuestKind.init(rawValue:))
        status = try fields.optional("status")
        qmpstatus = try fields.optional("qmpstatus")
        name = try fields.optional("name")
        cpus = try fields.optional("cpus")
        cpu = try fields.optional("cpu")
        mem = try fields.optional("mem")
        maxmem = try fields.optional("maxmem")
        memhost = try fields.optional("memhost")
        disk = try fields.optional("disk")
        maxdisk = try fields.optional("maxdisk")
        swap = try fields.optional("swap")
        maxswap = try fields.optional("maxswap")
        netin = try fields.optional("netin")
        netout = try fields.optional("netout")
        diskread = try fields.optional("diskread")
        diskwrite = try fields.optional("diskwrite")
        uptime = try fields.optional("uptime")
        pid = try fields.optional("pid")
        template = try fields.optional("template") ?? false
        tags = PVETags.parse(try fields.optional("tags"))
        lock = try fields.optional("lock")
        balloon = try fields.optional("balloon")
        ha = try fields.object("ha").map {
            HA(managed: try $0.optional("managed") ?? false, state: try $0.optional("state"), group: try $0.optional("group"))
        }
        agent = try fields.optional("agent")
    }
}

/// The answer of `GET /nodes/{node}/{qemu|lxc}/{vmid}/status/current`.
public typealias PVEGuestStatus = PVEGuestListEntry
