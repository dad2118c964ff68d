import Contract

/// Where a service that cannot learn its cluster from Proxmox announces itself and its start-up
/// failure: the cluster it last served, else the one cluster on the bus, else bus-wide topics
/// (`<base>/<service>/availability`, `<base>/events/<category>`). Pure.
public struct StartupDestination: Sendable, Equatable {
    /// The cluster whose topics are used; `nil` for the bus-wide topics.
    public let cluster: String?

    public init(cluster: String?) {
        self.cluster = cluster
    }

    /// The remembered cluster, else the only cluster seen on the bus, else bus-wide.
    public static func choose(remembered: String?, onBus: Set<String>) -> StartupDestination {
        if let remembered, Topics.isValidLevel(remembered) { return StartupDestination(cluster: remembered) }
        if onBus.count == 1, let only = onBus.first, Topics.isValidLevel(only) { return StartupDestination(cluster: only) }
        return StartupDestination(cluster: nil)
    }

    /// The service's retained availability topic here.
    public func availability(base: String, _ service: ServiceName) -> String {
        cluster.map { Topics(base: base, cluster: $0).availability(service) } ?? Topics.availability(base: base, service)
    }

    /// The topic of the service's own events here.
    public func events(base: String, _ category: EventCategory) -> String {
        cluster.map { Topics(base: base, cluster: $0).events(category) } ?? Topics.events(base: base, category)
    }
}
