/// Every topic name of the ProxBalance contract, in one place (see `docs/mqtt-api.md`).
///
/// `root` is `<base_topic>/<cluster>`; the base topic defaults to `proxbalance` and the
/// cluster id to the Proxmox cluster name.
public struct Topics: Sendable, Hashable {
    public let base: String
    public let cluster: String

    public init(base: String = "proxbalance", cluster: String) {
        self.base = base
        self.cluster = cluster
    }

    /// `<base>/<cluster>`.
    public var root: String { "\(base)/\(cluster)" }

    /// Retained `online`/`offline` of one service (its last will).
    public func availability(_ service: ServiceName) -> String { "\(root)/\(service.rawValue)/availability" }
    /// Retained full cluster snapshot, owned by the collector.
    public var clusterState: String { "\(root)/cluster/state" }
    /// Retained flat state of one node.
    public func node(_ name: String) -> String { "\(root)/nodes/\(name)" }
    /// Retained flat state of one guest.
    public func guest(_ vmid: Int) -> String { "\(root)/guests/\(vmid)" }
    /// Retained recommendation set, owned by scoring.
    public var recommendations: String { "\(root)/recommendations" }
    /// Retained per-node scores, owned by scoring.
    public var scores: String { "\(root)/scores" }
    /// Retained list of nodes in maintenance, owned by scoring.
    public var maintenance: String { "\(root)/maintenance" }
    /// Command: `ON`/`OFF` puts a node in or out of maintenance (never retained).
    public func maintenanceSet(node: String) -> String { "\(root)/nodes/\(node)/maintenance/set" }
    /// Retained effective settings of a service (secrets redacted).
    public func settings(_ service: ServiceName) -> String { "\(root)/\(service.rawValue)/settings" }
    /// Command: partial settings update for a service.
    public func settingsSet(_ service: ServiceName) -> String { "\(root)/\(service.rawValue)/settings/set" }
    /// Request to a service; answered on the MQTT v5 response topic or on `response(_:op:)`.
    public func request(_ service: ServiceName, op: String) -> String { "\(root)/\(service.rawValue)/request/\(op)" }
    /// Fallback answer topic for requests without an MQTT v5 response topic.
    public func response(_ service: ServiceName, op: String) -> String { "\(root)/\(service.rawValue)/response/\(op)" }
    /// Retained state of one migration, owned by the executor.
    public func migration(_ id: String) -> String { "\(root)/migrations/\(id)" }
    /// Retained outcome report of completed migrations, owned by the executor.
    public var outcomes: String { "\(root)/executor/outcomes" }
    /// Retained summary of the last automation run.
    public var automationState: String { "\(root)/automation/state" }
    /// Guests seen on another node than before, one `PlacementChange` each (never retained),
    /// owned by scoring.
    public var placements: String { "\(root)/scoring/placements" }
    /// Users' feedback on recommendations, aggregated (retained).
    public var feedback: String { "\(root)/scoring/feedback" }
    /// Scoring's success metrics (retained).
    public var successMetrics: String { "\(root)/scoring/metrics" }
    /// Lifecycle events of one kind (never retained).
    public func events(_ kind: EventCategory) -> String { "\(root)/events/\(kind.rawValue)" }

    /// Retained `online`/`offline` of a service process that serves every cluster under `base`.
    public static func availability(base: String, _ service: ServiceName) -> String { "\(base)/\(service.rawValue)/availability" }

    /// Events of a service that does not know its cluster yet (e.g. Proxmox rejected its
    /// token at start): `<base>/events/<category>`.
    public static func events(base: String, _ kind: EventCategory) -> String { "\(base)/events/\(kind.rawValue)" }

    /// Filter matching the cluster snapshot of every cluster under `base`.
    public static func allClusterStates(base: String) -> String { "\(base)/+/cluster/state" }

    /// The cluster id inside a topic under `base` (`<base>/<cluster>/…`), if any.
    public static func cluster(in topic: String, base: String) -> String? {
        let prefix = base + "/"
        guard topic.hasPrefix(prefix) else { return nil }
        let rest = topic.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let id = rest[..<slash]
        return id.isEmpty ? nil : String(id)
    }

    /// Whether `id` can be used as one topic level: non-empty, no `/`, `+`, `#` or NUL,
    /// and not starting with `$` (reserved by brokers).
    public static func isValidLevel(_ id: String) -> Bool {
        !id.isEmpty && !id.hasPrefix("$") && !id.contains(where: { $0 == "/" || $0 == "+" || $0 == "#" || $0 == "\0" })
    }
}

/// The services of ProxBalance, as they appear in topics (`web` is the console, `pb-web`).
public enum ServiceName: String, Sendable, CaseIterable, Codable {
    case collector, scoring, executor, notifier, web
}

/// The kinds of lifecycle events, each on its own `events/<kind>` topic.
public enum EventCategory: String, Sendable, CaseIterable, Codable {
    case collector, recommendations, capacity, migrations, automation, notifier, executor
}
