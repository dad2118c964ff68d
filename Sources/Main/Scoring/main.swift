import Contract
import ScoringSvc
import ServiceRuntime

// pb-scoring: turns cluster snapshots into recommendations (see docs/mqtt-api.md), for
// PROXBALANCE_CLUSTER or, when it is unset, for every cluster on the bus.
await ServiceRunner.run(
    .scoring, scope: .every, session: .commands,
    prepare: { source in try ScoringConfiguration(source: source) },
    services: { context, configuration in
        let scorers = ScorerDirectory(
            base: context.common.baseTopic, cluster: context.cluster, directory: context.common.dataDirectory,
            bus: context.mqtt, configuration: configuration, logger: context.logger)
        return [try await ScoringService(mqtt: context.mqtt, scorers: scorers, admission: context.common.admission, logger: context.logger)]
    })
