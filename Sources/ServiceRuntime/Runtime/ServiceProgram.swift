import Contract
import Logging
import ServiceLifecycle

/// One service's wiring: the settings it reads and the `Service`s that do its work.
/// `ServiceRunner` runs it the same way in the executable (`ServiceProcess`) and in tests.
public protocol ServiceProgram: Sendable {
    /// The service's own settings, read and validated before anything starts.
    associatedtype Settings: Sendable

    /// Which service this is (its topics, client id and log label).
    var service: ServiceName { get }
    /// Which clusters one process serves; `.one` unless a program says otherwise.
    var scope: ClusterScope { get }
    /// The MQTT session of the service's client; `.clean` unless a program says otherwise.
    var session: ServiceSession { get }

    /// Reads and validates the service's own settings (throw `ConfigurationError`).
    func settings(from source: ConfigSource) throws -> Settings

    /// The cluster id when `PROXBALANCE_CLUSTER` is unset (e.g. read from Proxmox); `nil` learns
    /// it from the first cluster snapshot on the bus. What it throws is announced on the bus
    /// (`StartupAnnouncer`) and it is tried again. By default `nil`.
    func cluster(_ settings: Settings, logger: Logger) async throws -> String?

    /// The services to run, given the context whose client is not connected yet: they subscribe
    /// here and publish only from `run()`, which starts once the client is connected.
    func services(_ context: ServiceContext, _ settings: Settings) async throws -> [any Service]
}

extension ServiceProgram {
    public var scope: ClusterScope { .one }
    public var session: ServiceSession { .clean }
    public func cluster(_ settings: Settings, logger: Logger) async throws -> String? { nil }
}
