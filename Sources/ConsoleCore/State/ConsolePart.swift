import Contract

/// Which part of the console's state a bus topic carries, read from the topic alone.
public enum ConsolePart: Sendable, Equatable {
    /// A cluster's retained state topic: `snapshot`, `scores`, `recommendations`,
    /// `maintenance`, `automation` or `outcomes`.
    case cluster(String, ClusterPart)
    /// `{b}/<service>/settings`.
    case settings(cluster: String, service: String)
    /// `{b}/<service>/availability`.
    case availability(cluster: String, service: String)
    /// `{b}/migrations/<id>`.
    case migration(cluster: String, id: String)
    /// `{b}/events/<category>`.
    case event(cluster: String)
    /// `<base>/<service>/availability`: a service serving every cluster.
    case busAvailability(service: String)
    /// `<base>/notifier/settings`: the bus-wide notifier's settings.
    case busNotifierSettings
    /// `<base>/events/<service>`: a start-up failure before the cluster was known.
    case busEvent

    /// The retained state topics of one cluster the console shows.
    public enum ClusterPart: String, Sendable, CaseIterable {
        case snapshot, scores, recommendations, maintenance, automation, outcomes
    }

    /// The part `topic` carries, or `nil` for a topic the console does not show (node and guest
    /// summaries, requests, answers, other bases).
    public init?(topic: String, base: String) {
        guard topic.hasPrefix(base + "/") else { return nil }
        let levels = topic.dropFirst(base.count + 1).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch levels.count {
        case 2:
            let (first, second) = (levels[0], levels[1])
            if second == "availability", ServiceName(rawValue: first) != nil {
                self = .busAvailability(service: first)
            } else if first == "notifier", second == "settings" {
                self = .busNotifierSettings
            } else if first == "events" {
                self = .busEvent
            } else if let part = Self.clusterPart(levels[1...]) {
                self = .cluster(first, part)
            } else {
                return nil
            }
        case 3:
            let (cluster, first, second) = (levels[0], levels[1], levels[2])
            if let part = Self.clusterPart(levels[1...]) {
                self = .cluster(cluster, part)
            } else if first == "migrations", !second.isEmpty {
                self = .migration(cluster: cluster, id: second)
            } else if first == "events" {
                self = .event(cluster: cluster)
            } else if ServiceName(rawValue: first) != nil, second == "settings" {
                self = .settings(cluster: cluster, service: first)
            } else if ServiceName(rawValue: first) != nil, second == "availability" {
                self = .availability(cluster: cluster, service: first)
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    /// The cluster-level state topics, after the cluster level.
    private static func clusterPart(_ rest: ArraySlice<String>) -> ClusterPart? {
        switch rest.joined(separator: "/") {
        case "cluster/state": .snapshot
        case "scores": .scores
        case "recommendations": .recommendations
        case "maintenance": .maintenance
        case "automation/state": .automation
        case "executor/outcomes": .outcomes
        default: nil
        }
    }

    /// The topic filters under `base` that carry every part the console shows (and no node or
    /// guest summary: the snapshot has them all).
    public static func subscriptions(base: String) -> [String] {
        [
            "cluster/state", "scores", "recommendations", "maintenance", "migrations/+", "automation/state", "executor/outcomes",
            "events/+", "+/availability", "+/settings",
        ].map { "\(base)/+/\($0)" } + ["\(base)/events/+", "\(base)/+/availability", "\(base)/notifier/settings"]
    }
}
