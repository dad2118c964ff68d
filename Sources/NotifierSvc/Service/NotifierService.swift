import Contract
import Foundation
import HTTPTransport
import Logging
import MQTT
import SQLite
import ServiceLifecycle
import ServiceRuntime

/// `pb-notifier`: turns bus events into messages on Slack, Discord, ntfy, Gotify and plain
/// webhooks (see docs/mqtt-api.md, "Notifier").
///
/// Events arrive on a second MQTT connection with a persistent session (QoS 1, fixed client
/// id, `cleanStart` false), subscribed before it connects, so what is published while the
/// notifier is down waits at the broker; availability (retained) comes on the service client. Each message is stored in the
/// SQLite outbox before the next is taken; one worker per destination delivers from there with
/// retries, rate limits and coalescing. On shutdown the event connection is closed first and
/// the messages already received are stored before the service returns.
public struct NotifierService: Service {
    private let mqtt: MQTTClient
    private let topics: NotifierTopics
    private let database: SQLiteDatabase
    private let configuration: NotifierConfiguration
    private let makeClient: @Sendable (Destination) -> any HTTPClient
    private let clock: @Sendable () -> Date
    private let admission: RequestAdmission
    private let answerer: RequestAnswerer
    private let metrics: NotifierMetrics
    private let logger: Logger
    private let settingsUpdates: MQTTSubscription
    private let requests: MQTTSubscription
    private let switches: MQTTSubscription
    private let availability: MQTTSubscription
    private let busAvailability: MQTTSubscription
    private let intake: MQTTClient
    private let events: MQTTSubscription
    private let announcer: NotifierAnnouncer

    /// Subscribes the service client (before it connects, so `online` follows the SUBACKs and a
    /// persistent session's queued requests reach the notifier).
    /// - Parameters:
    ///   - mqtt: the service client (availability, settings, requests, own events).
    ///   - intake: the configuration of the event connection: a fixed client id, `cleanStart`
    ///     false and a session expiry (see `intakeConfiguration(_:clientID:sessionExpiry:)`).
    ///   - makeClient: the HTTP client of one destination (its own, so none waits for another).
    public init(
        mqtt: MQTTClient, intake: MQTTConfiguration, topics: NotifierTopics, database: SQLiteDatabase,
        configuration: NotifierConfiguration, admission: RequestAdmission = RequestAdmission(), logger: Logger,
        makeClient: (@Sendable (Destination) -> any HTTPClient)? = nil, clock: @escaping @Sendable () -> Date = { Date() },
        metrics: NotifierMetrics = .none, consoleURL: String? = nil
    ) async throws {
        announcer = NotifierAnnouncer(bus: mqtt, topics: topics, consoleURL: consoleURL, logger: logger)
        self.mqtt = mqtt
        self.topics = topics
        self.database = database
        self.configuration = configuration
        self.admission = admission
        self.metrics = metrics
        self.logger = logger
        answerer = RequestAnswerer(publisher: mqtt, policy: ResponseTopicPolicy(base: topics.base, service: .notifier), logger: logger)
        self.makeClient = makeClient ?? { destination in NotifierService.httpClient(for: destination, logger: logger) }
        self.clock = clock
        settingsUpdates = try await mqtt.subscribe(topics.settingsSet, qos: .exactlyOnce, ignoreRetained: true)
        requests = try await mqtt.subscribe(topics.request("+"), qos: .exactlyOnce, ignoreRetained: true)
        switches = try await mqtt.subscribe(topics.destinationEnabledSets, qos: .exactlyOnce, ignoreRetained: true)
        // Availability is retained: its latest state arrives on every (re)subscribe (so QoS 0:
        // a persistent session does not queue it), and the stored state tells whether it changed.
        availability = try await mqtt.subscribe(topics.clusterAvailability, qos: .atMostOnce)
        busAvailability = try await mqtt.subscribe(topics.busAvailability, qos: .atMostOnce)
        self.intake = MQTTClient(configuration: intake, logger: logger)
        // Subscribed before connecting: the session's queued messages arrive right after CONNACK.
        // One filter only: queued messages are routed by the previous run's subscription
        // identifiers, which stay unambiguous with a single subscription. Connected here, so
        // the service client's `online` (published after this) means events are taken too.
        events = try await self.intake.subscribe(topics.events)
        await Self.connect(self.intake, logger: logger)
    }

    /// `base` with a persistent session: `cleanStart` false, `sessionExpiry` seconds, no will or birth.
    public static func intakeConfiguration(_ base: MQTTConfiguration, clientID: String, sessionExpiry: Int) -> MQTTConfiguration {
        var configuration = base
        configuration.clientID = clientID
        configuration.cleanStart = false
        configuration.sessionExpiry = UInt32(sessionExpiry)
        configuration.will = nil
        configuration.birth = nil
        return configuration
    }

    /// A libcurl client for one destination. Its logger never goes below `info`, so webhook
    /// URLs (which libcurl-level debug lines would show) are never logged.
    public static func httpClient(for destination: Destination, logger: Logger) -> any HTTPClient {
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .info)
        return CurlHTTPClient(
            configuration: HTTPClientConfiguration(
                timeout: .milliseconds(Int(destination.timeoutSeconds * 1000)), connectTimeout: .seconds(10), maxConnections: 2,
                userAgent: "ProxBalance-notifier"),
            logger: quiet)
    }

    public func run() async throws {
        let outbox = Outbox(database: database)
        let store = NotifierStateStore(database: database)
        let box = SettingsBox(NotifierSettings())
        let controller = SettingsController(box: box, store: store, outbox: outbox, bus: mqtt, topics: topics, clock: clock, logger: logger)
        try await controller.load(configuration: configuration)
        await purge(outbox)
        let dispatcher = DeliveryDispatcher(
            outbox: outbox, settings: box, makeClient: makeClient, clock: clock,
            report: { [self] failure in await self.report(failure, controller: controller) }, metrics: metrics, logger: logger)

        let receiver = EventIntake(
            base: topics.base, outbox: outbox, store: store, settings: box, dispatcher: dispatcher, clock: clock, logger: logger)
        await controller.start(dispatcher)

        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withDiscardingTaskGroup { inner in
                    for subscription in [availability, busAvailability] {
                        inner.addTask { for await message in subscription { await receiver.receive(message) } }
                    }
                    inner.addTask {
                        for await message in settingsUpdates {
                            await settingsUpdate(message, controller: controller)
                            await announce(outbox, settings: box)
                        }
                    }
                    inner.addTask {
                        for await message in switches {
                            await enabledSet(message, controller: controller)
                            await announce(outbox, settings: box)
                        }
                    }
                    inner.addTask { for await message in requests { await request(message, settings: box, outbox: outbox) } }
                    inner.addTask {
                        while (try? await Task.sleep(for: .seconds(3600))) != nil { await purge(outbox) }
                    }
                    inner.addTask {
                        repeat {
                            await measure(outbox)
                            await announce(outbox, settings: box)
                        } while (try? await Task.sleep(for: Self.outboxMeasureInterval)) != nil
                    }
                    inner.addTask { await controller.publish() }
                }
            }
            group.addTask {
                try? await gracefulShutdown()
                await intake.disconnect()
                for subscription in [settingsUpdates, requests, switches, availability, busAvailability] { subscription.cancel() }
            }
            // The intake ends when its connection closes, after storing what was already received;
            // then whatever still waits (a publish while the broker is away, say) is cancelled.
            for await message in events { await receiver.receive(message) }
            group.cancelAll()
        }
        await dispatcher.stop()
        logger.info("notifier stopped")
    }

    /// How often the outbox depth metric is brought up to date.
    static let outboxMeasureInterval = Duration.seconds(10)

    /// Sets the outbox depth metric to the items waiting for delivery; a failure is logged.
    private func measure(_ outbox: Outbox) async {
        do {
            metrics.outboxHolds(try await outbox.counts().values.reduce(0) { $0 + ($1["pending"] ?? 0) })
        } catch {
            logger.warning("outbox not measured", metadata: ["error": "\(error)"])
        }
    }

    /// Publishes the retained status (and the Home Assistant device) when it changed; a failed
    /// read is logged.
    private func announce(_ outbox: Outbox, settings: SettingsBox) async {
        do {
            await announcer.update(NotifierStatus.make(settings: settings.current, counts: try await outbox.counts()))
        } catch {
            logger.warning("notifier status not read", metadata: ["error": "\(error)"])
        }
    }

    /// Publishes the status and the Home Assistant device again (Home Assistant started, or the
    /// broker connection came back).
    public func republishForHomeAssistant() async {
        await announcer.republish()
    }

    /// Deletes outbox items delivered or given up longer ago than the retention.
    private func purge(_ outbox: Outbox) async {
        do {
            try await outbox.purge(finishedBefore: clock().addingTimeInterval(-configuration.retentionDays * 86_400))
        } catch {
            logger.warning("old outbox items not purged", metadata: ["error": "\(error)"])
        }
    }

    /// Connects the event connection, retrying while the broker is unreachable (until the task
    /// is cancelled or the client closed).
    private static func connect(_ intake: MQTTClient, logger: Logger) async {
        var delay = Duration.seconds(1)
        while !Task.isCancelled, intake.connectionState != .closed {
            do {
                try await intake.connect()
                logger.info("event session connected", metadata: ["client_id": "\(intake.configuration.clientID)"])
                return
            } catch {
                logger.warning("event session not connected yet", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(30))
        }
    }

    private func settingsUpdate(_ message: MQTTMessage, controller: SettingsController) async {
        if let refusal = admission.refusal(of: message) {
            logger.warning("settings update refused", metadata: ["code": "\(refusal.error.code)", "error": "\(refusal.error.message)"])
            return await respond(to: message, refusal.payload, op: "settings")
        }
        let answer = await controller.update(message.payloadData)
        if case .failure(let error) = answer {
            logger.warning("settings update refused", metadata: ["code": "\(error.code)", "error": "\(error.message)"])
        }
        await respond(to: message, ReplyPayload.make(id: RequestHeader.id(in: message.payloadData), answer), op: "settings")
    }

    /// Switches a destination on (`ON`) or off (`OFF`) as Home Assistant's switch sends it; an
    /// unknown destination or payload is logged and ignored. Nothing is answered.
    private func enabledSet(_ message: MQTTMessage, controller: SettingsController) async {
        let id = topics.destination(inEnabledSet: message.topic) ?? message.topic
        let payload = String(decoding: message.payloadData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let enabled = ["ON": true, "OFF": false][payload.uppercased()] else {
            return logger.warning("destination switch ignored: payload must be ON or OFF", metadata: ["destination": "\(id)"])
        }
        switch await controller.setEnabled(id, enabled) {
        case .success:
            logger.info("destination switched", metadata: ["destination": "\(id)", "enabled": "\(enabled)"])
        case .failure(let error):
            logger.warning("destination switch ignored", metadata: ["destination": "\(id)", "error": "\(error.message)"])
        }
    }

    private func request(_ message: MQTTMessage, settings: SettingsBox, outbox: Outbox) async {
        let op = String(message.topic.dropFirst(topics.request("").count))
        if let refusal = admission.refusal(of: message) { return await respond(to: message, refusal.payload, op: op) }
        let id = RequestHeader.id(in: message.payloadData)
        let answer: [UInt8]
        switch op {
        case "test":
            answer = await test(message.payloadData, id: id, settings: settings.current)
        case "status":
            do {
                _ = try StatusRequest.decode(message.payloadData)
                answer = await status(id: id, settings: settings.current, outbox: outbox)
            } catch {
                answer = ReplyPayload.failure(id: id, error)
            }
        default:
            answer = ReplyPayload.failure(id: id, .unknownOperation(op))
        }
        await respond(to: message, answer, op: op)
    }

    private func test(_ payload: Data, id: String?, settings: NotifierSettings) async -> [UInt8] {
        let request: TestRequest
        do {
            request = try TestRequest.decode(payload)
        } catch {
            return ReplyPayload.failure(id: id, error)
        }
        guard let destination = settings.destination(request.destination) else {
            return ReplyPayload.failure(id: id, .unknownDestination(request.destination))
        }
        let cluster = topics.cluster ?? destination.clusters.first ?? AvailabilityTransition.everyCluster
        let result = await TestResult.run(destination, cluster: cluster, client: makeClient(destination), at: clock())
        logger.info("test message sent", metadata: ["destination": "\(destination.id)", "outcome": "\(result.outcome)"])
        return ReplyPayload.make(id: id, Result<TestResult, ReplyError>.success(result))
    }

    private func status(id: String?, settings: NotifierSettings, outbox: Outbox) async -> [UInt8] {
        do {
            let status = NotifierStatus.make(settings: settings, counts: try await outbox.counts())
            return ReplyPayload.make(id: id, Result<NotifierStatus, ReplyError>.success(status))
        } catch {
            return ReplyPayload.failure(id: id, .internal("the outbox could not be read: \(error)"))
        }
    }

    private func respond(to message: MQTTMessage, _ payload: [UInt8], op: String) async {
        await answerer.answer(message, with: payload, fallbackTopic: topics.response(op))
    }

    /// Publishes a given-up delivery on `events/notifier`; a gone webhook also disables its
    /// destination. Failures of the notifier's own events are not announced again (no loops).
    private func report(_ failure: DeliveryFailure, controller: SettingsController) async {
        let event: BusEvent
        if failure.gone {
            guard await controller.disable(failure.destination.id, reason: failure.reason) else { return }
            event = NotifierEvents.destinationDisabled(failure, at: clock())
        } else {
            guard failure.events.contains(where: { $0.category != .notifier }) else { return }
            event = NotifierEvents.deliveryFailed(failure, at: clock())
        }
        do {
            try await mqtt.publish(MQTTMessage(topic: topics.notifierEvents(cluster: event.cluster), data: try MessageCoding.encode(event)))
        } catch {
            logger.warning("notifier event not published", metadata: ["kind": "\(event.kind)", "error": "\(error)"])
        }
    }
}
