import Foundation

/// What users said about recommendations over the last 30 days, published retained on
/// `{b}/scoring/feedback` and answered to `feedback`.
public struct FeedbackSummary: Codable, Sendable, Equatable {
    public var v: Int = 1
    public var cluster: String
    public var generatedAt: Date
    public var days: Int
    public var total: Int
    public var helpful: Int
    public var notHelpful: Int
    /// Per recommendation kind (`overload_relief`…), by name.
    public var byKind: [FeedbackCount]
    /// Per reason given (trimmed, lower-cased), most given first, at most `maximumReasons`.
    public var byReason: [FeedbackCount]

    /// The most reasons listed.
    public static let maximumReasons = 20

    public init(
        cluster: String, generatedAt: Date, days: Int, total: Int, helpful: Int, notHelpful: Int, byKind: [FeedbackCount],
        byReason: [FeedbackCount]
    ) {
        self.cluster = cluster
        self.generatedAt = generatedAt
        self.days = days
        self.total = total
        self.helpful = helpful
        self.notHelpful = notHelpful
        self.byKind = byKind
        self.byReason = byReason
    }
}

/// Helpful and not-helpful votes under one name.
public struct FeedbackCount: Codable, Sendable, Equatable {
    public var name: String
    public var helpful: Int
    public var notHelpful: Int

    public init(name: String, helpful: Int, notHelpful: Int) {
        self.name = name
        self.helpful = helpful
        self.notHelpful = notHelpful
    }
}
