import Contract
import SQLite
import ServiceLifecycle
import ServiceRuntime

/// `pb-notifier`'s wiring: turns bus events into messages for `PROXBALANCE_CLUSTER` or, when
/// it is unset, every cluster, with events taken on a second, persistent connection.
public struct NotifierProgram: ServiceProgram {
    public init() {}

    public var service: ServiceName { .notifier }
    public var scope: ClusterScope { .every }
    public var session: ServiceSession { .commands }

    public func settings(from source: ConfigSource) throws -> NotifierConfiguration {
        try NotifierConfiguration(source: source)
    }

    public func services(_ context: ServiceContext, _ configuration: NotifierConfiguration) async throws -> [any Service] {
        let clientID = "proxbalance-notifier-events-\(context.cluster ?? "all")"
        let intake = NotifierService.intakeConfiguration(
            try context.common.mqttConfiguration(clientID: clientID), clientID: clientID,
            sessionExpiry: configuration.sessionExpirySeconds)
        let database = try NotifierDatabase.open(directory: context.common.dataDirectory, logger: context.logger)
        context.readiness.add(ReadinessCheck("outbox") { try await database.probeWrite() })
        let notifier = try await NotifierService(
            mqtt: context.mqtt, intake: intake, topics: NotifierTopics(base: context.common.baseTopic, cluster: context.cluster),
            database: database, configuration: configuration, admission: context.common.admission, logger: context.logger,
            metrics: NotifierMetrics(factory: context.metrics), consoleURL: context.common.consoleURL)
        return [
            notifier,
            try await HomeAssistantRepublisher(
                mqtt: context.mqtt, statusTopic: context.common.homeAssistantStatusTopic, logger: context.logger
            ) { await notifier.republishForHomeAssistant() },
        ]
    }
}
