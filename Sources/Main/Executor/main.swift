import Contract
import ExecutorSvc
import ProxmoxAPI
import ProxmoxClient
import ServiceRuntime

// pb-executor: the only service that changes the cluster — validated, journaled migrations,
// automation, rollback (see docs/mqtt-api.md).
await ServiceRunner.run(
    .executor, session: .commands,
    prepare: { source in (try PVEConnectionConfiguration(source: source), try ExecutorConfiguration(source: source)) },
    cluster: { prepared, logger in
        try await prepared.0.makeClient(maxConnections: 2, logger: logger).clusterStatus().defaultClusterID
    },
    services: { context, prepared in
        let (pve, configuration) = prepared
        let database = try ExecutorDatabase.open(
            directory: context.common.dataDirectory, cluster: context.topics.cluster, logger: context.logger)
        let executor = Executor(
            topics: context.topics, client: pve.makeClient(maxConnections: 4, logger: context.logger), database: database,
            bus: context.mqtt, configuration: configuration, logger: context.logger)
        return [
            try await ExecutorService(
                mqtt: context.mqtt, executor: executor, topics: context.topics, admission: context.common.admission,
                logger: context.logger)
        ]
    })
