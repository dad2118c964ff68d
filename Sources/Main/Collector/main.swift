import CollectorSvc
import Contract
import ProxmoxAPI
import ProxmoxClient
import ServiceRuntime

// pb-collector: reads the Proxmox cluster and publishes its state (see docs/mqtt-api.md).
await ServiceRunner.run(
    .collector,
    prepare: { source in (try PVEConnectionConfiguration(source: source), try CollectorConfiguration(source: source)) },
    cluster: { prepared, logger in
        try await prepared.0.makeClient(maxConnections: 2, logger: logger).clusterStatus().defaultClusterID
    },
    services: { context, prepared in
        let (pve, configuration) = prepared
        let collector = Collector(
            client: pve.makeClient(maxConnections: configuration.concurrency, logger: context.logger),
            bus: context.mqtt, topics: context.topics, configuration: configuration, logger: context.logger)
        return [CollectorService(collector: collector, intervalSeconds: configuration.intervalSeconds)]
    })
