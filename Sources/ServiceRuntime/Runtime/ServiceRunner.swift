import Contract
import Foundation
import Logging
import MQTT
import ServiceLifecycle
import UnixSignals

/// The life of a service process: read and validate configuration (one clear line and exit 2
/// when a setting is wrong), set up logging, learn the cluster id, create the service's
/// `Service`s (which subscribe then, before the client connects), connect to the broker with a
/// retained `offline` last will, publish the retained `online` birth only once the broker has
/// acknowledged every subscription (on the first connect and after every reconnect), run the
/// services in a `ServiceGroup` until SIGTERM/SIGINT, then publish `offline` and disconnect.
///
/// So `online` means "listening": a request sent the moment it appears is received. Services
/// publish their retained state (settings) from `run()`, after they subscribed.
public enum ServiceRunner {
    /// Exit code for a configuration error.
    public static let configurationExitCode: Int32 = 2

    /// Runs `service` for one cluster and exits the process.
    /// - Parameters:
    ///   - prepare: validates the service's own settings (throw `ConfigurationError`).
    ///   - cluster: the cluster id when `PROXBALANCE_CLUSTER` is unset (e.g. read from Proxmox);
    ///     return `nil` to learn it from the first cluster snapshot on the bus. What it throws is
    ///     announced on the bus (`StartupAnnouncer`) and it is tried again.
    ///   - session: `.persistent` for services that take commands and requests.
    ///   - services: the services to run, given the context whose client is not connected yet:
    ///     they subscribe here and publish only from `run()`.
    public static func run<Prepared: Sendable>(
        _ service: ServiceName,
        session: ServiceSession = .clean,
        prepare: (ConfigSource) throws -> Prepared,
        cluster: @Sendable (Prepared, Logger) async throws -> String? = { _, _ in nil },
        services: @Sendable (ServiceContext, Prepared) async throws -> [any Service]
    ) async -> Never {
        await run(service, scope: .one, session: session, prepare: prepare, cluster: cluster, services: services)
    }

    /// Runs `service` for the clusters `scope` says and exits the process: with `.every` and
    /// `PROXBALANCE_CLUSTER` unset, every cluster on the bus (`ServiceContext.cluster` is `nil`).
    /// The other parameters are those of `run(_:session:prepare:cluster:services:)`.
    public static func run<Prepared: Sendable>(
        _ service: ServiceName,
        scope: ClusterScope,
        session: ServiceSession = .clean,
        prepare: (ConfigSource) throws -> Prepared,
        cluster: @Sendable (Prepared, Logger) async throws -> String? = { _, _ in nil },
        services: @Sendable (ServiceContext, Prepared) async throws -> [any Service]
    ) async -> Never {
        let program = "pb-\(service.rawValue)"
        let source: ConfigSource
        let common: CommonConfiguration
        let prepared: Prepared
        do {
            source = try ConfigSource.load()
            common = try CommonConfiguration(source: source)
            prepared = try prepare(source)
        } catch {
            FileHandle.standardError.write(Data("\(program): \(error)\n".utf8))
            exit(configurationExitCode)
        }
        ServiceLogging.bootstrap(level: common.logLevel)
        let logger = ServiceLogging.logger(for: service.rawValue)
        let startup = await StartupSignals(logger: logger)

        do {
            let topics: Topics
            let availability: String
            if scope == .every, common.cluster == nil {
                topics = Topics(base: common.baseTopic, cluster: "+")
                availability = Topics.availability(base: common.baseTopic, service)
            } else {
                let announcer = StartupAnnouncer(service: service, common: common, logger: logger)
                let clusterID = try await resolveCluster(common: common, logger: logger) {
                    try await announcer.learn { try await cluster(prepared, logger) }
                }
                await announcer.finish(cluster: clusterID)
                topics = Topics(base: common.baseTopic, cluster: clusterID)
                availability = topics.availability(service)
            }
            let clientSuffix = topics.cluster == "+" ? "all" : topics.cluster
            var mqttConfiguration = try mqttConfiguration(common, clientID: "proxbalance-\(service.rawValue)-\(clientSuffix)")
            mqttConfiguration.setAvailability(topic: availability)
            session.apply(to: &mqttConfiguration, commandMaxAge: common.commandMaxAgeSeconds)
            let mqtt = MQTTClient(configuration: mqttConfiguration, logger: logger)
            let context = ServiceContext(
                service: service, source: source, common: common, topics: topics, mqtt: mqtt, logger: logger)
            // Created (and so subscribed) before connecting: the birth waits for their SUBACKs,
            // and a persistent session's queued messages find their subscribers.
            let running = try await services(context, prepared)
            try await connect(mqtt, logger: logger)
            logger.info("connected", metadata: ["broker": "\(mqttConfiguration)", "topics": "\(topics.root)"])

            let group = ServiceGroup(
                configuration: .init(
                    services: ([startup.marker] + running).map { .init(service: $0) },
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            var failure: (any Error)?
            do { try await group.run() } catch { failure = error }
            // `disconnect()` publishes the will (`offline`) first, waiting at most a grace period:
            // with the broker gone, shutdown must not wait for it to come back.
            await mqtt.disconnect()
            if let failure {
                logger.critical("stopped on error", metadata: ["error": "\(failure)"])
                exit(1)
            }
            logger.info("stopped")
            exit(0)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("\(program): \(error)\n".utf8))
            exit(configurationExitCode)
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            exit(1)
        }
    }

    /// Connects, retrying with backoff while the broker is unreachable (in compose it may start
    /// after the service). A refusal by the broker (bad credentials, not authorised) is final.
    static func connect(_ mqtt: MQTTClient, logger: Logger) async throws {
        var delay = Duration.seconds(1)
        while true {
            do {
                try await mqtt.connect()
                return
            } catch let error as MQTTError where error.kind == .reasonCode || error.kind == .invalidArgument {
                throw error
            } catch {
                logger.warning("broker not reachable yet", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
            }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(30))
        }
    }

    /// The broker configuration from the shared settings.
    public static func mqttConfiguration(_ common: CommonConfiguration, clientID: String) throws -> MQTTConfiguration {
        var configuration: MQTTConfiguration
        do {
            configuration = try MQTTConfiguration(url: common.mqttURL, clientID: clientID)
        } catch {
            throw ConfigurationError(setting: ConfigSource.environmentName("mqtt.url"), problem: "\(error)")
        }
        if let user = common.mqttUsername { configuration.username = user }
        if let password = common.mqttPassword { configuration.password = password }
        if let ca = common.mqttCAFile { configuration.caFile = ca }
        return configuration
    }

    /// The configured cluster id, else the one `learn` finds, else the first cluster seen on
    /// the bus. Retries with backoff until one is known (or the process is stopped).
    static func resolveCluster(
        common: CommonConfiguration, logger: Logger, learn: @Sendable () async throws -> String?
    ) async throws -> String {
        if let cluster = common.cluster { return cluster }
        var delay = Duration.seconds(1)
        while true {
            do {
                var learned = try await learn()
                if learned == nil { learned = try await ClusterDiscovery.firstCluster(common: common, logger: logger) }
                if let learned {
                    guard Topics.isValidLevel(learned) else {
                        throw ConfigurationError(
                            setting: ConfigSource.environmentName("cluster"),
                            problem: "the cluster name '\(learned)' cannot be a topic level; set PROXBALANCE_CLUSTER")
                    }
                    return learned
                }
            } catch let error as ConfigurationError {
                throw error
            } catch {
                logger.warning(
                    "cluster id not known yet; set PROXBALANCE_CLUSTER to skip this", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
            }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(30))
        }
    }
}
