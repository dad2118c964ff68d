import Contract

/// The `score_history` request: `{"id": "1", "node": "pve1", "window": "7d"}` for one node, or
/// without `node` for the cluster's health; `window` as in `history`, 1 h to 30 d, default `24h`.
public struct ScoreHistoryRequest: Codable, Sendable, Equatable, RequestBody {
    public var node: String?
    public var window: String?

    public init(node: String? = nil, window: String? = nil) {
        self.node = node
        self.window = window
    }

    public static let keys = ["node", "window"]

    public func check() throws(ReplyError) {
        if let node { try NodeName.check(node, "node") }
        _ = try windowSeconds()
    }

    /// The window in seconds (as `HistoryRequest` reads it), at most `OutcomeHistory.retention`.
    public func windowSeconds() throws(ReplyError) -> Int64 {
        try OutcomeHistory.window(window)
    }
}

/// The `plan_history` request: `{"id": "1", "window": "24h", "limit": 100}` — the plans of the
/// window (1 h to 30 d, default `24h`), newest first, at most `limit` (1–500, default 100).
public struct PlanHistoryRequest: Codable, Sendable, Equatable, RequestBody {
    public var window: String?
    public var limit: Int?

    public init(window: String? = nil, limit: Int? = nil) {
        self.window = window
        self.limit = limit
    }

    public static let keys = ["window", "limit"]

    public func check() throws(ReplyError) {
        _ = try OutcomeHistory.window(window)
        if let limit, !(1...500).contains(limit) { throw .invalid("limit: \(limit) is outside 1–500") }
    }
}
