import Contract
import Foundation
import Logging
import MQTT
import NotifierSvc
import ServiceLifecycle
import TestSupport

/// The notifier running in-process against a real broker, as `pb-notifier` runs it for every
/// cluster, inside a `ServiceGroup` so a stop is a graceful shutdown.
struct RunningNotifier {
    let mqtt: MQTTClient
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Starts it and returns once it is ready (its retained settings appeared).
    static func start(session: NotifierSession) async throws -> RunningNotifier {
        let topics = session.topics
        let observer = try await NotifierIntegration.client(session.broker)
        try await observer.publish(MQTTMessage(topic: topics.settings, payload: [], retain: true))
        let ready = try await observer.subscribe(topics.settings)

        let mqtt = try await NotifierIntegration.client(session.broker, name: "notifier")
        let intake = NotifierService.intakeConfiguration(
            try MQTTConfiguration(url: session.broker.url, clientID: "unused"), clientID: session.intakeClientID, sessionExpiry: 3600)
        let service = try await NotifierService(
            mqtt: mqtt, intake: intake, topics: topics,
            database: try NotifierDatabase.open(directory: session.directory, logger: NotifierIntegration.logger),
            configuration: NotifierConfiguration(destinationsFile: session.destinationsFile), logger: NotifierIntegration.logger)
        let group = ServiceGroup(configuration: .init(services: [service], logger: NotifierIntegration.logger))
        let task = Task { try await group.run() }
        _ = try await ready.next(within: .seconds(10)) { !$0.payload.isEmpty }
        await observer.disconnect()
        return RunningNotifier(mqtt: mqtt, group: group, task: task)
    }

    /// Graceful shutdown, as on SIGTERM.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
        await mqtt.disconnect()
    }
}

enum NotifierIntegration {
    static let logger: Logger = {
        var logger = Logger(label: "notifier-test")
        logger.logLevel = .critical
        return logger
    }()

    static func client(_ broker: MosquittoBroker, name: String = "observer") async throws -> MQTTClient {
        let client = MQTTClient(
            configuration: try MQTTConfiguration(url: broker.url, clientID: "\(name)-\(UUID().uuidString.prefix(8))"), logger: logger)
        try await client.connect()
        return client
    }
}

/// A broker, a data directory, a destinations file and the notifier, plus a client to publish
/// events and watch the notifier's topics.
final class NotifierSession: @unchecked Sendable {
    let broker: MosquittoBroker
    let client: MQTTClient
    let directory: String
    let destinationsFile: String
    let topics = NotifierTopics(base: "pbtest", cluster: nil)
    let intakeClientID = "notifier-events-\(UUID().uuidString.prefix(8))"
    private(set) var notifier: RunningNotifier?

    private init(broker: MosquittoBroker, client: MQTTClient, directory: String) {
        self.broker = broker
        self.client = client
        self.directory = directory
        self.destinationsFile = (directory as NSString).appendingPathComponent("destinations.json")
    }

    /// Runs `body` with a fresh broker and a notifier configured with `settings` (a JSON object
    /// as in the destinations file); everything is stopped afterwards.
    static func run(settings: String, _ body: (NotifierSession) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "notifier-integration")
        defer { directory.remove() }
        try await withBroker { broker in
            let session = NotifierSession(broker: broker, client: try await NotifierIntegration.client(broker), directory: directory.path)
            try Data(settings.utf8).write(to: URL(fileURLWithPath: session.destinationsFile))
            do {
                try await session.start()
                try await body(session)
            } catch {
                await session.close()
                throw error
            }
            await session.close()
        }
    }

    func start() async throws {
        notifier = try await RunningNotifier.start(session: self)
    }

    func stop() async {
        await notifier?.stop()
        notifier = nil
    }

    func restart() async throws {
        await stop()
        try await start()
    }

    /// Publishes `event` on its category's topic, as its owner would.
    func publish(_ event: BusEvent) async throws {
        let topic = Topics(base: topics.base, cluster: event.cluster).events(event.category)
        try await client.publish(MQTTMessage(topic: topic, data: try MessageCoding.encode(event)))
    }

    /// Sends a request to the notifier and decodes the `Reply`.
    func request<T: Codable & Sendable>(_ topic: String, _ json: String, as type: T.Type) async throws -> Reply<T> {
        let answer = try await client.request(
            topic: topic, payload: Array(json.utf8), responseTopic: "test/responses/\(UUID().uuidString.prefix(8))", timeout: .seconds(15))
        return try MessageCoding.decode(Reply<T>.self, from: answer.payloadData)
    }

    private func close() async {
        await stop()
        await client.disconnect()
    }
}

/// Destinations-file JSON for the tests.
enum NotifierSettingsJSON {
    static func destination(
        _ id: String, _ kind: DestinationKind, server: WebhookTestServer, path: String = "/hook", extra: String = ""
    ) -> String {
        let url: String
        switch kind {
        case .ntfy: url = "\(server.baseURL)/proxbalance"
        case .gotify: url = server.baseURL
        default: url = "\(server.baseURL)\(path)"
        }
        let token = kind == .gotify ? #", "token": "AppToken""# : ""
        return #"{"id": "\#(id)", "kind": "\#(kind.rawValue)", "url": "\#(url)"\#(token)\#(extra)}"#
    }

    static func settings(_ destinations: [String], window: Double = 0, retry: String = #"{"base_seconds": 0.2, "max_seconds": 1, "max_attempts": 50}"#) -> String {
        #"{"coalesce_window_seconds": \#(window), "retry": \#(retry), "destinations": [\#(destinations.joined(separator: ", "))]}"#
    }
}

extension WebhookTestServer.Request {
    /// The ids of the events in a generic webhook body.
    var eventIDs: [String] {
        guard let json else { return [] }
        if let event = json["event"] as? [String: Any], let id = event["id"] as? String { return [id] }
        return (json["events"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
    }

    /// All text of a Slack, Discord, ntfy or Gotify body.
    var text: String { String(decoding: body, as: UTF8.self) }
}
