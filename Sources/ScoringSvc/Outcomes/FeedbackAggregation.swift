import Contract
import Foundation

/// One stored vote on a recommendation.
public struct FeedbackEntry: Sendable, Equatable {
    public var recommendationID: String
    /// The recommendation's kind (`overload_relief`…).
    public var kind: String
    public var helpful: Bool
    public var reason: String?

    public init(recommendationID: String, kind: String, helpful: Bool, reason: String? = nil) {
        self.recommendationID = recommendationID
        self.kind = kind
        self.helpful = helpful
        self.reason = reason
    }
}

/// Feedback votes summed per kind and per reason. Pure.
public enum FeedbackAggregation {
    /// How long feedback counts, in days (as long as the outcome history keeps it).
    public static let days = 30

    /// The summary of `entries`: kinds by name, reasons (trimmed, lower-cased) most given first
    /// then by name, at most `FeedbackSummary.maximumReasons`.
    public static func summary(_ entries: [FeedbackEntry], cluster: String, now: Date) -> FeedbackSummary {
        let helpful = entries.filter(\.helpful).count
        let kinds = counts(entries.map { ($0.kind, $0.helpful) }).sorted { $0.name < $1.name }
        let reasons = counts(entries.compactMap { entry in entry.reason.map { (normalized($0), entry.helpful) } })
            .sorted { ($0.helpful + $0.notHelpful, $1.name) > ($1.helpful + $1.notHelpful, $0.name) }
        return FeedbackSummary(
            cluster: cluster, generatedAt: now, days: days, total: entries.count, helpful: helpful,
            notHelpful: entries.count - helpful, byKind: kinds, byReason: Array(reasons.prefix(FeedbackSummary.maximumReasons)))
    }

    /// A reason as it is counted: trimmed and lower-cased.
    public static func normalized(_ reason: String) -> String {
        reason.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    private static func counts(_ votes: [(String, Bool)]) -> [FeedbackCount] {
        var counts: [String: FeedbackCount] = [:]
        for (name, helpful) in votes {
            var count = counts[name] ?? FeedbackCount(name: name, helpful: 0, notHelpful: 0)
            if helpful { count.helpful += 1 } else { count.notHelpful += 1 }
            counts[name] = count
        }
        return Array(counts.values)
    }
}
