import Contract

/// The topics the notifier reads and writes. Serving every cluster (`cluster == nil`), its
/// settings and requests are bus-wide: `<base>/notifier/settings[/set]`,
/// `<base>/notifier/request/<op>`; serving one cluster they sit under `{b}` as for the others.
public struct NotifierTopics: Sendable {
    public let base: String
    public let cluster: String?

    public init(base: String, cluster: String?) {
        self.base = base
        self.cluster = cluster
    }

    private var root: String { cluster.map { "\(base)/\($0)" } ?? base }
    private var clusterLevel: String { cluster ?? "+" }

    /// Every event of the served clusters.
    public var events: String { "\(base)/\(clusterLevel)/events/#" }
    /// Availability of the services of the served clusters.
    public var clusterAvailability: String { "\(base)/\(clusterLevel)/+/availability" }
    /// Availability of the services serving every cluster.
    public var busAvailability: String { "\(base)/+/availability" }
    /// Retained effective settings (redacted).
    public var settings: String { "\(root)/notifier/settings" }
    public var settingsSet: String { "\(root)/notifier/settings/set" }
    /// Switches destination `id` on (`ON`) or off (`OFF`).
    public func destinationEnabledSet(_ id: String) -> String { "\(root)/notifier/destinations/\(id)/enabled/set" }
    /// Every destination's enable switch, as a filter.
    public var destinationEnabledSets: String { destinationEnabledSet("+") }
    /// The destination named by a `destinationEnabledSet` topic, or `nil` for another topic.
    public func destination(inEnabledSet topic: String) -> String? {
        let prefix = "\(root)/notifier/destinations/"
        let suffix = "/enabled/set"
        guard topic.hasPrefix(prefix), topic.hasSuffix(suffix), topic.count > prefix.count + suffix.count else { return nil }
        let id = String(topic.dropFirst(prefix.count).dropLast(suffix.count))
        return id.contains("/") ? nil : id
    }
    /// Requests (`test`, `status`): `…/request/+` as a filter.
    public func request(_ op: String) -> String { "\(root)/notifier/request/\(op)" }
    public func response(_ op: String) -> String { "\(root)/notifier/response/\(op)" }
    /// Retained `NotifierStatus`: each destination's pending, delivered and dead messages.
    public var status: String { "\(root)/notifier/status" }
    /// The notifier's own availability (its last will).
    public var availability: String { "\(root)/notifier/availability" }
    /// Where the notifier publishes its own events about `cluster`.
    public func notifierEvents(cluster: String) -> String { Topics(base: base, cluster: cluster).events(.notifier) }
}
