import Contract

/// The `history` request: `{"id": "1", "node": "pve1", "window": "7d"}` or
/// `{"id": "2", "vmid": 101, "window": "6h", "format": "csv"}` — exactly one of `node` and
/// `vmid`; `window` a whole number of minutes (`m`), hours (`h`) or days (`d`), 1 h to 90 d,
/// default `24h`; `format` `json` (default) or `csv`.
public struct HistoryRequest: Codable, Sendable, Equatable, RequestBody {
    public var node: String?
    public var vmid: Int?
    public var window: String?
    public var format: ExportRequest.Format?

    public init(node: String? = nil, vmid: Int? = nil, window: String? = nil, format: ExportRequest.Format? = nil) {
        self.node = node
        self.vmid = vmid
        self.window = window
        self.format = format
    }

    public static let keys = ["node", "vmid", "window", "format"]

    /// The shortest and longest window, in seconds.
    public static let windows: ClosedRange<Int64> = 3600...(90 * 86_400)

    public func check() throws(ReplyError) {
        switch (node, vmid) {
        case (let node?, nil): try NodeName.check(node, "node")
        case (nil, let vmid?): try VMID.check(vmid)
        case (nil, nil): throw .invalid("node: give a node name, or a vmid")
        case (_?, _?): throw .invalid("vmid: give a node or a vmid, not both")
        }
        _ = try windowSeconds()
    }

    /// The window in seconds; `invalid` naming `window` when it cannot be read or is out of range.
    public func windowSeconds() throws(ReplyError) -> Int64 {
        guard let window else { return 86_400 }
        let units: [Character: Int64] = ["m": 60, "h": 3600, "d": 86_400]
        guard let unit = window.last.flatMap({ units[$0] }), let count = Int64(window.dropLast()), count > 0,
            count <= Self.windows.upperBound
        else {
            throw .invalid("window: '\(window.prefix(40))' is not a duration like 90m, 6h or 7d")
        }
        guard Self.windows.contains(count * unit) else { throw .invalid("window: '\(window)' is outside 1h to 90d") }
        return count * unit
    }

    /// Whose history is asked for.
    public var subject: MetricsHistory.Subject {
        if let vmid { .guest(vmid) } else { .node(node ?? "") }
    }
}
