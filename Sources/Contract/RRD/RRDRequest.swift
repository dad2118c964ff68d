/// The collector's `rrd` request: Proxmox's own RRD history of one node or guest,
/// `{"id": "1", "node": "pve3", "timeframe": "week", "cf": "MAX"}` or
/// `{"id": "2", "vmid": 101, "timeframe": "month"}` (`node` may be given with `vmid`: the guest
/// must then be on it). `timeframe` is one of `timeframes`; `cf` `AVERAGE` (default) or `MAX`.
public struct RRDRequest: Codable, Sendable, Equatable, RequestBody {
    public var node: String?
    public var vmid: Int?
    public var timeframe: String
    public var cf: String?

    public init(node: String? = nil, vmid: Int? = nil, timeframe: String, cf: String? = nil) {
        self.node = node
        self.vmid = vmid
        self.timeframe = timeframe
        self.cf = cf
    }

    /// The op on `{b}/collector/request/<op>`.
    public static let operation = "rrd"

    public static let keys = ["node", "vmid", "timeframe", "cf"]

    /// The timeframes Proxmox keeps for every node and guest.
    public static let timeframes = ["hour", "day", "week", "month", "year"]

    /// The consolidation functions: the average over each step, or its maximum.
    public static let consolidations = ["AVERAGE", "MAX"]

    public func check() throws(ReplyError) {
        switch (node, vmid) {
        case (nil, nil): throw .invalid("node: give a node name, or a vmid")
        case (let node?, _): try NodeName.check(node, "node")
        default: break
        }
        if let vmid { try VMID.check(vmid) }
        guard Self.timeframes.contains(timeframe) else {
            throw .invalid("timeframe: '\(timeframe.prefix(40))' is not one of \(Self.timeframes.joined(separator: ", "))")
        }
        if let cf, !Self.consolidations.contains(cf) {
            throw .invalid("cf: '\(cf.prefix(40))' is not one of \(Self.consolidations.joined(separator: ", "))")
        }
    }

    /// `cf`, `AVERAGE` when not given.
    public var consolidation: String { cf ?? "AVERAGE" }
}
