import Contract
import Foundation

/// The events a new plan causes compared with the previous one: on `recommendations`,
/// `generated` (the set of moves changed and is not empty), `urgent` (urgency rose to high or
/// critical) and `cleared` (moves before, none now); on `capacity`, one event per advisory kind
/// that newly appears. Pure.
///
/// Only plans made from a usable snapshot take part: a stale or unavailable plan recommends
/// nothing because it cannot tell, not because the cluster is fine, so it causes no event and
/// the next usable plan is compared with the last usable one.
public enum PlanEvents {
    /// Whether `plan` says something about the cluster (it is neither stale nor unavailable).
    public static func isUsable(_ plan: RecommendationSet) -> Bool {
        plan.status != .stale && plan.status != .unavailable
    }

    /// The events of `current` given the last usable plan `previous` (`nil` after a start:
    /// everything in `current` is new).
    public static func events(previous: RecommendationSet?, current: RecommendationSet) -> [BusEvent] {
        guard isUsable(current) else { return [] }
        return recommendationEvents(previous: previous, current: current) + capacityEvents(previous: previous, current: current)
    }

    static func recommendationEvents(previous: RecommendationSet?, current: RecommendationSet) -> [BusEvent] {
        var events: [BusEvent] = []
        let before = Set(previous?.recommendations.map(\.id) ?? [])
        let now = Set(current.recommendations.map(\.id))
        if !now.isEmpty, now != before {
            events.append(generated(current))
        }
        let urgency = current.summary.urgency
        if urgency >= .high, (previous?.summary.urgency ?? .none) < .high {
            events.append(urgent(current))
        }
        if now.isEmpty, !before.isEmpty {
            events.append(
                event(
                    current, .recommendations, kind: "cleared", severity: .info,
                    title: "\(current.cluster): no moves needed anymore",
                    message: "The earlier recommendations for cluster \(current.cluster) no longer apply. \(current.message)",
                    details: [.init("status", current.status.rawValue)]))
        }
        return events
    }

    static func capacityEvents(previous: RecommendationSet?, current: RecommendationSet) -> [BusEvent] {
        let known = Set(previous?.summary.advisories.map(\.kind) ?? [])
        var seen: Set<String> = []
        return current.summary.advisories.compactMap { advisory in
            guard !known.contains(advisory.kind), seen.insert(advisory.kind).inserted else { return nil }
            var details: [BusEvent.DetailItem] = [.init("kind", advisory.kind)]
            if let node = advisory.node { details.append(.init("node", node)) }
            details += advisory.metrics.sorted { $0.key < $1.key }.map { .init($0.key, String(format: "%.1f", $0.value)) }
            let advice = advisory.suggestions.first.map { " \($0)" } ?? ""
            return event(
                current, .capacity, kind: advisory.kind, severity: BusEvent.Severity(rawValue: advisory.severity) ?? .warning,
                title: "\(current.cluster): \(advisory.kind.replacingOccurrences(of: "_", with: " "))",
                message: "\(advisory.message)\(advice)", details: details)
        }
    }

    private static func generated(_ plan: RecommendationSet) -> BusEvent {
        let moves = plan.recommendations
        let listed = moves.prefix(3).map { "\($0.label) \($0.source) → \($0.target)" }.joined(separator: ", ")
        let more = moves.count > 3 ? " and \(moves.count - 3) more" : ""
        return event(
            plan, .recommendations, kind: "generated", severity: .info,
            title: "\(plan.cluster): \(count(moves.count, "move")) recommended",
            message: "\(plan.message) \(listed)\(more).",
            details: [.init("moves", String(moves.count)), .init("urgency", plan.summary.urgency.rawValue)])
    }

    private static func urgent(_ plan: RecommendationSet) -> BusEvent {
        let urgency = plan.summary.urgency
        return event(
            plan, .recommendations, kind: "urgent", severity: urgency == .critical ? .critical : .warning,
            title: "\(plan.cluster) needs attention (\(urgency.rawValue) urgency)",
            message: "\(plan.message) \(count(plan.recommendations.count, "move")) recommended.",
            details: [.init("urgency", urgency.rawValue), .init("moves", String(plan.recommendations.count))])
    }

    private static func event(
        _ plan: RecommendationSet, _ category: EventCategory, kind: String, severity: BusEvent.Severity, title: String,
        message: String, details: [BusEvent.DetailItem]
    ) -> BusEvent {
        BusEvent(
            cluster: plan.cluster, category: category, kind: kind, severity: severity, at: plan.generatedAt, title: title,
            message: message, details: details)
    }

    private static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
