import Foundation
import ScoringEngine

/// The answer to a `threshold_suggestions` request: a suggested CPU, memory and IO-wait
/// threshold from the nodes' metrics history, each with the current value for comparison.
public struct ThresholdSuggestions: Codable, Sendable, Equatable {
    public var cluster: String
    public var from: Date
    public var to: Date
    /// One per metric any node has history for: CPU, memory, IO wait, in that order.
    public var suggestions: [ThresholdSuggestion]

    public init(cluster: String, from: Date, to: Date, suggestions: [ThresholdSuggestion]) {
        self.cluster = cluster
        self.from = from
        self.to = to
        self.suggestions = suggestions
    }
}

/// A suggested value for one threshold setting and how it was found.
public struct ThresholdSuggestion: Codable, Sendable, Equatable {
    /// How much history stands behind a suggestion.
    public enum Confidence: String, Codable, Sendable {
        case low, medium, high
    }

    /// The settings key, e.g. `penalties.cpu_threshold`.
    public var setting: String
    /// The history metric it is drawn from, e.g. `cpu_pct`.
    public var metric: String
    public var current: Double
    public var suggested: Double
    /// The cluster's typical busy level: the 95th percentile of every node's per-step 95th percentiles.
    public var busyLevel: Double
    public var margin: Double
    public var nodesWithData: Int
    /// Days from the first to the end of the last step with data.
    public var daysCovered: Double
    public var confidence: Confidence
    public var reasoning: String
}

/// Suggests thresholds from node history. Pure.
///
/// Per metric: the busy level is the 95th percentile (nearest rank) of the 95th percentiles of
/// every step (hourly up to 7 days) of every node; the suggestion is the busy level plus a margin,
/// rounded to a whole percent and held within a sane range. Confidence is `high` with at least
/// `highDays` days on at least two nodes, `medium` with at least one day, `low` below.
public enum ThresholdAdvisor {
    /// One suggested setting: its key, metric, margin (percentage points) and allowed range.
    public struct Rule: Sendable {
        public var setting: String
        public var metric: String
        public var label: String
        public var margin: Double
        public var range: ClosedRange<Double>
        public var current: @Sendable (PenaltyConfiguration) -> Double
    }

    public static let rules = [
        Rule(setting: "penalties.cpu_threshold", metric: "cpu_pct", label: "CPU", margin: 10, range: 50...90) { $0.cpuThreshold },
        Rule(setting: "penalties.mem_threshold", metric: "memory_pct", label: "memory", margin: 10, range: 60...90) { $0.memThreshold },
        Rule(setting: "penalties.iowait_threshold", metric: "iowait_pct", label: "IO wait", margin: 5, range: 10...50) {
            $0.iowaitThreshold
        },
    ]

    /// Days of history (on two nodes or more) for `high` confidence.
    public static let highDays = 6.0

    /// The suggestions from `series` (one per node) against the `current` settings; empty when
    /// no node has any point.
    public static func suggest(_ series: [HistorySeries], current: PenaltyConfiguration) -> [ThresholdSuggestion] {
        rules.compactMap { rule in
            var values: [Double] = []
            var nodes = 0
            var first: Date?
            var end: Date?
            var step = 0
            for node in series {
                let points = node.points.filter { $0.values[rule.metric] != nil }
                guard let earliest = points.first, let latest = points.last else { continue }
                nodes += 1
                step = max(step, node.stepSeconds)
                values += points.compactMap { $0.values[rule.metric]?.p95 }
                let stepEnd = latest.at.addingTimeInterval(Double(node.stepSeconds))
                first = min(first ?? earliest.at, earliest.at)
                end = max(end ?? stepEnd, stepEnd)
            }
            guard let busy = MetricStats.of(values)?.p95, let first, let end else { return nil }
            let days = (end.timeIntervalSince(first) / 86_400 * 10).rounded() / 10
            let raw = (busy + rule.margin).rounded()
            let suggested = min(max(raw, rule.range.lowerBound), rule.range.upperBound)
            let confidence: ThresholdSuggestion.Confidence =
                days >= highDays && nodes >= 2 ? .high : days >= 1 ? .medium : .low
            let now = rule.current(current)
            let held =
                raw > rule.range.upperBound
                ? ", held at the \(percent(suggested)) maximum" : raw < rule.range.lowerBound ? ", raised to the \(percent(suggested)) minimum" : ""
            let reasoning =
                "Over \(days) days on \(nodes) node\(nodes == 1 ? "" : "s") the busiest \(stepName(step)) reach \(percent(busy)) \(rule.label) "
                + "(95th percentile of the \(stepName(step, adjective: true)) 95th percentiles); plus a \(percent(rule.margin, unit: " points")) margin gives "
                + "\(percent(raw))\(held), against \(percent(now)) now."
            return ThresholdSuggestion(
                setting: rule.setting, metric: rule.metric, current: now, suggested: suggested, busyLevel: (busy * 10).rounded() / 10,
                margin: rule.margin, nodesWithData: nodes, daysCovered: days, confidence: confidence, reasoning: reasoning)
        }
    }

    /// "hours" / "hourly" for a one-hour step, "minutes" / "per-minute", "6-hour stretches" / "6-hourly".
    private static func stepName(_ seconds: Int, adjective: Bool = false) -> String {
        switch seconds {
        case ...60: adjective ? "per-minute" : "minutes"
        case ...3600: adjective ? "hourly" : "hours"
        default: adjective ? "\(seconds / 3600)-hourly" : "\(seconds / 3600)-hour stretches"
        }
    }

    private static func percent(_ value: Double, unit: String = "%") -> String {
        let rounded = (value * 10).rounded() / 10
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + unit
    }
}
