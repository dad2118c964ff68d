import Contract
import NotifierSvc
import ServiceRuntime

// pb-notifier: turns bus events into Slack, Discord, ntfy, Gotify and webhook messages (see
// docs/mqtt-api.md, "Notifier"), for PROXBALANCE_CLUSTER or, when it is unset, every cluster.
await ServiceRunner.run(
    .notifier, scope: .every, session: .commands,
    prepare: { source in try NotifierConfiguration(source: source) },
    services: { context, configuration in
        let suffix = context.cluster ?? "all"
        let intake = NotifierService.intakeConfiguration(
            try ServiceRunner.mqttConfiguration(context.common, clientID: "proxbalance-notifier-events-\(suffix)"),
            clientID: "proxbalance-notifier-events-\(suffix)", sessionExpiry: configuration.sessionExpirySeconds)
        let database = try NotifierDatabase.open(directory: context.common.dataDirectory, logger: context.logger)
        return [
            try await NotifierService(
                mqtt: context.mqtt, intake: intake, topics: NotifierTopics(base: context.common.baseTopic, cluster: context.cluster),
                database: database, configuration: configuration, admission: context.common.admission, logger: context.logger)
        ]
    })
