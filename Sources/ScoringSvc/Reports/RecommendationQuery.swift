import Shared

/// The `recommendations` request: filters and a page (`{"urgency":"high","limit":10}`).
public struct RecommendationQuery: Codable, Sendable, Equatable {
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

    /// The page of `recommendations` (in plan order) this query asks for.
    /// - Throws: `ReplyError.invalid` for a negative offset or a limit outside 1…500.
    public func page(of recommendations: [Recommendation]) throws(ReplyError) -> RecommendationPage {
        let offset = offset ?? 0
        let limit = limit ?? Self.defaultLimit
        guard offset >= 0 else { throw .invalid("offset: must be ≥ 0, got \(offset)") }
        guard (1...Self.maximumLimit).contains(limit) else {
            throw .invalid("limit: must be 1…\(Self.maximumLimit), got \(limit)")
        }
        let matching = recommendations.filter(matches)
        let items = matching.dropFirst(offset).prefix(limit)
        return RecommendationPage(total: matching.count, offset: offset, limit: limit, items: Array(items))
    }
}
