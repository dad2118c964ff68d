import Contract
import Logging
import MQTT
import ServiceLifecycle

/// The life of a service, as a `Service`: configuration is read and validated when it is
/// created; `run()` learns the cluster id, creates the program's services (which subscribe
/// then), and runs them in a `ServiceGroup` after `BrokerConnection`, which connects with a
/// retained `offline` last will, publishes the retained `online` birth only once the broker
/// acknowledged every subscription (on the first connect and after every reconnect), and on
/// graceful shutdown disconnects after the services stopped, publishing `offline`.
///
/// So `online` means "listening": a request sent the moment it appears is received. Services
/// publish their retained state (settings) from `run()`, after they subscribed.
///
/// With `<service>.http_bind` set, the group also runs `HealthServer` (`/healthz`, `/readyz`
/// with the broker's check and the program's, `/metrics`), from when the cluster is known
/// until the end of the shutdown.
///
/// Run it in a `ServiceGroup`: `ServiceProcess` does so for the executable, with SIGTERM and
/// SIGINT as graceful shutdown; tests call the group's `triggerGracefulShutdown()`. A graceful
/// shutdown while it still waits for its cluster id or the broker ends `run()` normally.
public struct ServiceRunner<Program: ServiceProgram>: Service, CustomStringConvertible {
    public let program: Program
    /// The service's logger, at the configured level (`PROXBALANCE_LOG_LEVEL`).
    public let logger: Logger
    private let source: ConfigSource
    private let common: CommonConfiguration
    private let settings: Program.Settings
    /// Where `/healthz`, `/readyz` and `/metrics` are served; `nil`: nowhere.
    private let endpoint: HTTPEndpointConfiguration?
    private let metrics: MetricsRegistry
    private let brokerMetrics: BrokerMetrics
    private let processMetrics: ProcessMetrics

    /// Reads and validates the shared settings and the program's own from `source`.
    /// - Parameter metrics: where the service's metrics are kept (a registry of its own by default).
    /// - Throws: `ConfigurationError` naming the first setting that is missing or wrong.
    public init(_ program: Program, source: ConfigSource, metrics: MetricsRegistry = MetricsRegistry()) throws {
        self.program = program
        self.source = source
        common = try CommonConfiguration(source: source)
        settings = try program.settings(from: source)
        endpoint = try HTTPEndpointConfiguration.read(from: source, service: program.service)
        self.metrics = metrics
        brokerMetrics = BrokerMetrics(factory: metrics.factory)
        processMetrics = ProcessMetrics(factory: metrics.factory)
        // The broker URL is checked now too, before waiting for Proxmox or the broker.
        _ = try common.mqttConfiguration(clientID: "proxbalance-\(program.service.rawValue)")
        var logger = ServiceLogging.logger(for: program.service)
        logger.logLevel = common.logLevel
        self.logger = logger
    }

    /// The program's name, `pb-<service>`.
    public var description: String { "pb-\(program.service.rawValue)" }

    /// Runs the service until graceful shutdown.
    /// - Throws: `ConfigurationError` when the cluster learned is not a valid topic level;
    ///   otherwise what stopped the service (logged).
    public func run() async throws {
        let group: ServiceGroup
        do {
            guard let started = try await start() else {
                logger.notice("stopped during start-up")
                return
            }
            group = started
        } catch let error as ConfigurationError {
            throw error
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw error
        }
        do {
            try await group.run()
        } catch {
            logger.critical("stopped on error", metadata: ["error": "\(error)"])
            throw error
        }
        logger.info("stopped")
    }

    /// The group to run: the HTTP endpoint (if configured), the broker connection, then the
    /// program's services, created (and so subscribed) before connecting: the birth waits for
    /// their SUBACKs, and a persistent session's queued messages find their subscribers. `nil`
    /// when a graceful shutdown came while the cluster id was still unknown.
    private func start() async throws -> ServiceGroup? {
        guard let served = try await servedTopics() else { return nil }
        let clientSuffix = served.topics.cluster == "+" ? "all" : served.topics.cluster
        var configuration = try common.mqttConfiguration(clientID: "proxbalance-\(program.service.rawValue)-\(clientSuffix)")
        configuration.setAvailability(topic: served.availability)
        program.session.apply(to: &configuration, commandMaxAge: common.commandMaxAgeSeconds)
        let brokerMetrics = brokerMetrics
        let mqtt = MQTTClient(configuration: configuration, logger: logger) { brokerMetrics.published(after: $0) }
        let readiness = ReadinessChecks([.broker(mqtt)])
        let context = ServiceContext(
            service: program.service, source: source, common: common, topics: served.topics, mqtt: mqtt, logger: logger,
            metrics: metrics.factory, readiness: readiness)
        let services = try await program.services(context, settings)
        logger.info("starting", metadata: ["topics": "\(served.topics.root)"])
        // First in the group, so stopped last: it tells about the shutdown while it happens.
        let http = endpoint.map { endpoint in
            HealthServer(endpoint: endpoint, readiness: readiness, metrics: metrics, process: processMetrics, logger: logger)
        }
        return ServiceGroup(
            configuration: .init(
                services: (http.map { [.init(service: $0, serviceName: "HealthServer")] } ?? [])
                    + [.init(service: BrokerConnection(mqtt: mqtt, logger: logger, metrics: brokerMetrics), serviceName: "BrokerConnection")]
                    + services.map { .init(service: WhenConnected(service: $0, mqtt: mqtt), serviceName: "\(type(of: $0))") },
                logger: logger))
    }

    /// The topics the service serves and its availability topic.
    private struct Served {
        let topics: Topics
        let availability: String
    }

    /// The served topics: every cluster's (the `+` wildcard) for `ClusterScope.every` without a
    /// configured cluster, else the cluster's, learned while `StartupAnnouncer` keeps the
    /// service visible. `nil` when a graceful shutdown came first.
    private func servedTopics() async throws -> Served? {
        let (program, settings, common, logger) = (program, settings, common, logger)
        if program.scope == .every, common.cluster == nil {
            return Served(
                topics: Topics(base: common.baseTopic, cluster: "+"),
                availability: Topics.availability(base: common.baseTopic, program.service))
        }
        let announcer = StartupAnnouncer(service: program.service, common: common, logger: logger)
        let cluster: String
        do {
            cluster = try await cancelWhenGracefulShutdown {
                try await ClusterDiscovery.resolve(common: common, logger: logger) {
                    try await announcer.learn { try await program.cluster(settings, logger: logger) }
                }
            }
        } catch {
            await announcer.stop()
            if Task.isShuttingDownGracefully { return nil }
            throw error
        }
        await announcer.finish(cluster: cluster)
        let topics = Topics(base: common.baseTopic, cluster: cluster)
        return Served(topics: topics, availability: topics.availability(program.service))
    }
}
