import Contract
import Logging
import ProxmoxAPI
import ProxmoxClient
import ServiceLifecycle
import ServiceRuntime

/// `pb-collector`'s wiring: reads the Proxmox cluster (`PROXBALANCE_PVE_*`) every
/// `collector.interval_seconds` and publishes its state for the cluster Proxmox names, and
/// answers requests (`CollectorRequests`).
public struct CollectorProgram: ServiceProgram {
    public init() {}

    public var service: ServiceName { .collector }

    public func settings(from source: ConfigSource) throws -> (pve: PVEConnectionConfiguration, collector: CollectorConfiguration) {
        (try PVEConnectionConfiguration(source: source), try CollectorConfiguration(source: source))
    }

    public func cluster(_ settings: (pve: PVEConnectionConfiguration, collector: CollectorConfiguration), logger: Logger) async throws -> String? {
        try await settings.pve.makeClient(maxConnections: 2, logger: logger).clusterStatus().defaultClusterID
    }

    public func services(
        _ context: ServiceContext, _ settings: (pve: PVEConnectionConfiguration, collector: CollectorConfiguration)
    ) async throws -> [any Service] {
        let metrics = CollectorMetrics(factory: context.metrics)
        let client = settings.pve.makeClient(
            maxConnections: settings.collector.concurrency, logger: context.logger, onFailure: metrics.apiFailed)
        let collector = Collector(
            client: client, bus: context.mqtt, topics: context.topics, configuration: settings.collector, logger: context.logger, metrics: metrics,
            consoleURL: context.common.consoleURL)
        context.readiness.add(ReadinessCheck("collection") { await collector.freshnessProblem() })
        return [
            CollectorService(collector: collector, intervalSeconds: settings.collector.intervalSeconds),
            try await CollectorRequests(
                mqtt: context.mqtt, client: client, topics: context.topics, admission: context.common.admission, logger: context.logger),
            try await HomeAssistantRepublisher(
                mqtt: context.mqtt, statusTopic: context.common.homeAssistantStatusTopic, logger: context.logger
            ) { await collector.republishDiscovery() },
        ]
    }
}
