import Contract

/// The `recommendations` request: filters and a page (`{"urgency":"high","limit":10}`).
public struct RecommendationQuery: Codable, Sendable, Equatable, RequestBody {
    /// Only moves at least this urgent.
    public var urgency: Urgency?
    /// Only moves with at least this confidence (0–100).
    public var minConfidence: Double?
    /// Only moves to this node.
    public var target: String?
    /// Only VMs (`qemu`) or containers (`lxc`).
    public var type: GuestType?
    /// Items to skip (default 0).
    public var offset: Int?
    /// Items per page (default 50, at most 500).
    public var limit: Int?

    public static let defaultLimit = 50
    public static let maximumLimit = 500
    /// The largest `offset` accepted.
    public static let maximumOffset = 1_000_000

    public static let keys = ["urgency", "min_confidence", "target", "type", "offset", "limit"]

    public init(
        urgency: Urgency? = nil, minConfidence: Double? = nil, target: String? = nil, type: GuestType? = nil,
        offset: Int? = nil, limit: Int? = nil
    ) {
        self.urgency = urgency
        self.minConfidence = minConfidence
        self.target = target
        self.type = type
        self.offset = offset
        self.limit = limit
    }

    /// Whether `recommendation` passes every filter.
    public func matches(_ recommendation: Recommendation) -> Bool {
        if let urgency, recommendation.urgency < urgency { return false }
        if let minConfidence, recommendation.confidence < minConfidence { return false }
        if let target, recommendation.target != target { return false }
        if let type, recommendation.type != type { return false }
        return true
    }

    /// Refuses a confidence outside 0–100, a target that is not a node name, an offset outside
    /// 0…1,000,000 and a limit outside 1…500.
    public func check() throws(ReplyError) {
        if let minConfidence { try InputCheck.number(minConfidence, "min_confidence", in: 0...100) }
        if let target { try NodeName.check(target, "target") }
        if let offset { try InputCheck.integer(offset, "offset", in: 0...Self.maximumOffset) }
        if let limit { try InputCheck.integer(limit, "limit", in: 1...Self.maximumLimit) }
    }

    /// The page of `recommendations` (in plan order) this query asks for.
    /// - Throws: `ReplyError.invalid` for a value `check()` refuses.
    public func page(of recommendations: [Recommendation]) throws(ReplyError) -> RecommendationPage {
        try check()
        let offset = offset ?? 0
        let limit = limit ?? Self.defaultLimit
        let matching = recommendations.filter(matches)
        let items = matching.dropFirst(offset).prefix(limit)
        return RecommendationPage(total: matching.count, offset: offset, limit: limit, items: Array(items))
    }
}
