import Contract
import MQTT
import ServiceLifecycle
import ServiceRuntime

/// `pb-scoring`'s wiring: turns cluster snapshots into recommendations for
/// `PROXBALANCE_CLUSTER` or, when it is unset, for every cluster on the bus, on a persistent
/// session so commands sent while it restarts wait for it.
public struct ScoringProgram: ServiceProgram {
    public init() {}

    public var service: ServiceName { .scoring }
    public var scope: ClusterScope { .every }
    public var session: ServiceSession { .commands }

    public func settings(from source: ConfigSource) throws -> ScoringConfiguration {
        try ScoringConfiguration(source: source)
    }

    public func services(_ context: ServiceContext, _ configuration: ScoringConfiguration) async throws -> [any Service] {
        let account = (try? context.common.mqttConfiguration(clientID: "pb-scoring").username) ?? nil
        let rrdSource = BusRRDSource(mqtt: context.mqtt, base: context.common.baseTopic, account: account ?? "svc-scoring")
        let scorers = ScorerDirectory(
            base: context.common.baseTopic, cluster: context.cluster, directory: context.common.dataDirectory,
            bus: context.mqtt, configuration: configuration, logger: context.logger, metrics: ScoringMetrics(factory: context.metrics),
            consoleURL: context.common.consoleURL, rrdSource: rrdSource)
        context.readiness.add(ReadinessCheck("store") { await scorers.storeProblem() })
        return [
            try await ScoringService(mqtt: context.mqtt, scorers: scorers, admission: context.common.admission, logger: context.logger),
            try await HomeAssistantRepublisher(
                mqtt: context.mqtt, statusTopic: context.common.homeAssistantStatusTopic, logger: context.logger
            ) { await scorers.announceAll() },
        ]
    }
}
