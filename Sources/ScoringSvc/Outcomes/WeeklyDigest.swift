import Contract
import Foundation

/// The weekly digest: when it is due and the bus event that carries it. Pure.
public enum WeeklyDigest {
    /// Time between two digests.
    public static let interval: TimeInterval = 7 * 86_400

    /// Whether a digest is due at `now` after the last one (or the start of the count, when
    /// none was sent yet) at `last`.
    public static func isDue(last: Date, now: Date) -> Bool {
        now.timeIntervalSince(last) >= interval
    }

    /// The `digest` event on `{b}/events/recommendations` (severity info) from `metrics`.
    public static func event(_ metrics: SuccessMetrics, feedback: FeedbackSummary?) -> BusEvent {
        let week = metrics.acceptance.first { $0.days == 7 }
        var sentences: [String] = []
        if let week {
            let rate = week.rate.map { " (\(Int(($0 * 100).rounded())) %)" } ?? ""
            sentences.append("Last 7 days: \(week.proposed) moves proposed, \(week.executed) executed\(rate).")
        }
        if let now = metrics.healthTrend.thisWeek {
            let before = metrics.healthTrend.lastWeek.map { String(format: ", week before %.1f", $0) } ?? ""
            sentences.append(String(format: "Cluster health %.1f", now) + before + ".")
        }
        if metrics.churn.guests > 0 {
            sentences.append("\(metrics.churn.guests) guests moved more than once in 24 h.")
        }
        if let error = metrics.predictionAccuracy.meanAbsoluteErrorPct {
            sentences.append(
                String(format: "Predicted target CPU was off by %.1f points on average (%d moves).", error, metrics.predictionAccuracy.moves))
        }
        if let feedback, feedback.total > 0 {
            sentences.append("Feedback: \(feedback.helpful) helpful, \(feedback.notHelpful) not helpful.")
        }
        var details: [BusEvent.DetailItem] = []
        if let week {
            details += [.init("proposed", String(week.proposed)), .init("executed", String(week.executed))]
            if let rate = week.rate { details.append(.init("acceptance_rate", String(format: "%.3f", rate))) }
        }
        if let health = metrics.healthTrend.thisWeek { details.append(.init("health", String(format: "%.1f", health))) }
        if let change = metrics.healthTrend.change { details.append(.init("health_change", String(format: "%+.1f", change))) }
        details.append(.init("churned_guests", String(metrics.churn.guests)))
        return BusEvent(
            cluster: metrics.cluster, category: .recommendations, kind: "digest", severity: .info, at: metrics.generatedAt,
            title: "\(metrics.cluster): weekly summary",
            message: sentences.isEmpty ? "No plans in the last 7 days." : sentences.joined(separator: " "), details: details)
    }
}
