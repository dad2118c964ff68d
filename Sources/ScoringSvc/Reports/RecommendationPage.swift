import Contract

/// One page of filtered recommendations (answer to the `recommendations` request).
public struct RecommendationPage: Codable, Sendable, Equatable {
    /// Matching moves in the whole plan.
    public var total: Int
    public var offset: Int
    public var limit: Int
    public var items: [Recommendation]

    public init(total: Int, offset: Int, limit: Int, items: [Recommendation]) {
        self.total = total
        self.offset = offset
        self.limit = limit
        self.items = items
    }
}
