import Contract
import Foundation
import Logging
import MQTT
import NotifierSvc
import TestSupport

enum NotifierIntegration {
    /// Starts `pb-notifier`'s wiring for every cluster of `session`'s base topic, on its data
    /// directory and destinations file, and returns once it is ready (its retained settings
    /// appeared). `stop()` is a graceful shutdown, as on SIGTERM.
    static func start(session: NotifierSession) async throws -> RunningService {
        let settings = [
            "PROXBALANCE_BASE_TOPIC": session.topics.base, "PROXBALANCE_DATA_DIR": session.directory,
            "PROXBALANCE_NOTIFIER_DESTINATIONS_FILE": session.destinationsFile, "PROXBALANCE_LOG_LEVEL": "critical",
        ].merging(session.serviceSettings) { $1 }
        return try await RunningService.start(NotifierProgram(), broker: session.broker, settings: settings, readyOn: session.topics.settings)
    }

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
    /// More `PROXBALANCE_…` settings for the notifier.
    let serviceSettings: [String: String]
    private(set) var notifier: RunningService?

    private init(broker: MosquittoBroker, client: MQTTClient, directory: String, serviceSettings: [String: String]) {
        self.broker = broker
        self.client = client
        self.directory = directory
        self.destinationsFile = (directory as NSString).appendingPathComponent("destinations.json")
        self.serviceSettings = serviceSettings
    }

    /// Runs `body` with a fresh broker and a notifier configured with `settings` (a JSON object
    /// as in the destinations file) and `serviceSettings`; everything is stopped afterwards.
    static func run(settings: String, serviceSettings: [String: String] = [:], _ body: (NotifierSession) async throws -> Void) async throws {
        let directory = try TemporaryDirectory(prefix: "notifier-integration")
        defer { directory.remove() }
        try await withBroker { broker in
            let session = NotifierSession(
                broker: broker, client: try await NotifierIntegration.client(broker), directory: directory.path, serviceSettings: serviceSettings)
            try Data(settings.utf8).write(to: URL(fileURLWithPath: session.destinationsFile))
            do {
                try await session.start()
                try await body(session)
            } catch {
                try? await session.close()
                throw error
            }
            try await session.close()
        }
    }

    func start() async throws {
        notifier = try await NotifierIntegration.start(session: self)
    }

    func stop() async throws {
        try await notifier?.stop()
        notifier = nil
    }

    func restart() async throws {
        try await stop()
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
            topic: topic, payload: Array(json.utf8), responseTopic: TestBus.inbox(for: topic), timeout: .seconds(15))
        return try MessageCoding.decode(Reply<T>.self, from: answer.payloadData)
    }

    private func close() async throws {
        await client.disconnect()
        try await stop()
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

    static func settings(
        _ destinations: [String], window: Double = 0, retry: String = #"{"base_seconds": 0.2, "max_seconds": 1, "max_attempts": 50}"#
    ) -> String {
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
