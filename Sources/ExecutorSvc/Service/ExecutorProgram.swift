import Contract
import Foundation
import Logging
import ProxmoxAPI
import ProxmoxClient
import SQLite
import ServiceLifecycle
import ServiceRuntime

/// `pb-executor`'s wiring: the executor of the cluster Proxmox names, with its journal in
/// `<data_dir>`, on a persistent session so commands sent while it restarts wait for it.
public struct ExecutorProgram: ServiceProgram {
    /// The executor's settings; `nil` reads `executor.*` from the configuration.
    public var configuration: ExecutorConfiguration?
    /// The executor's clock (decisions, windows, cooldowns, the rollback window).
    public var clock: @Sendable () -> Date

    public init(configuration: ExecutorConfiguration? = nil, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.clock = clock
    }

    public var service: ServiceName { .executor }
    public var session: ServiceSession { .commands }

    public func settings(from source: ConfigSource) throws -> (pve: PVEConnectionConfiguration, executor: ExecutorConfiguration) {
        (try PVEConnectionConfiguration(source: source), try configuration ?? ExecutorConfiguration(source: source))
    }

    public func cluster(_ settings: (pve: PVEConnectionConfiguration, executor: ExecutorConfiguration), logger: Logger) async throws -> String? {
        try await settings.pve.makeClient(maxConnections: 2, logger: logger).clusterStatus().defaultClusterID
    }

    public func services(
        _ context: ServiceContext, _ settings: (pve: PVEConnectionConfiguration, executor: ExecutorConfiguration)
    ) async throws -> [any Service] {
        let database = try ExecutorDatabase.open(
            directory: context.common.dataDirectory, cluster: context.topics.cluster, logger: context.logger)
        let executor = Executor(
            topics: context.topics, client: settings.pve.makeClient(maxConnections: 4, logger: context.logger), database: database,
            bus: context.mqtt, configuration: settings.executor, logger: context.logger, clock: clock,
            metrics: ExecutorMetrics(factory: context.metrics), consoleURL: context.common.consoleURL)
        context.readiness.add(ReadinessCheck("journal") { try await database.probeWrite() })
        return [
            try await ExecutorService(
                mqtt: context.mqtt, executor: executor, topics: context.topics, admission: context.common.admission,
                logger: context.logger),
            try await HomeAssistantRepublisher(
                mqtt: context.mqtt, statusTopic: context.common.homeAssistantStatusTopic, logger: context.logger
            ) { await executor.republishForHomeAssistant() },
        ]
    }
}
