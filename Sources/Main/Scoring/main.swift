import ScoringSvc
import Shared

// pb-scoring: turns cluster snapshots into recommendations (see docs/mqtt-api.md).
await ServiceRunner.run(
    .scoring,
    prepare: { source in try ScoringConfiguration(source: source) },
    services: { context, configuration in
        let database = try ScoringDatabase.open(directory: context.common.dataDirectory, logger: context.logger)
        let scorer = try await Scorer(
            database: database, bus: context.mqtt, topics: context.topics, configuration: configuration, logger: context.logger)
        return [ScoringService(mqtt: context.mqtt, scorer: scorer, topics: context.topics, logger: context.logger)]
    })
