import Contract
import Foundation
import Logging
import MQTT

/// MQTT helpers for integration tests: connected clients, requests and typed waits.
public enum TestBus {
    /// A quiet logger for clients under test.
    public static let logger: Logger = {
        var logger = Logger(label: "bus-test")
        logger.logLevel = .warning
        return logger
    }()

    /// A connected client with a unique id.
    public static func client(_ broker: MosquittoBroker, name: String = "observer") async throws -> MQTTClient {
        let client = MQTTClient(
            configuration: try MQTTConfiguration(url: broker.url, clientID: "\(name)-\(UUID().uuidString.prefix(8))"),
            logger: logger)
        try await client.connect()
        return client
    }

    /// A fresh MQTT v5 response topic in the inbox of `requester` for a request on `requestTopic`:
    /// `<base>/clients/<requester>/responses/<random>`, the base being the request topic's first
    /// level (the tests' base topics are one level). Services answer only in inboxes and on their
    /// fallback topics (`ResponseTopicPolicy`).
    public static func inbox(for requestTopic: String, requester: String = "test") -> String {
        let base = requestTopic.split(separator: "/", maxSplits: 1).first.map(String.init) ?? requestTopic
        return "\(base)/clients/\(requester)/responses/\(UUID().uuidString.prefix(8))"
    }

    /// Sends `json` to `topic` as an MQTT v5 request (answered in `inbox(for:)`) and decodes the `Reply`.
    public static func request<T: Codable & Sendable>(
        _ client: MQTTClient, _ topic: String, _ json: String, as type: T.Type, within timeout: Duration = .seconds(10)
    ) async throws -> Reply<T> {
        let answer = try await client.request(
            topic: topic, payload: Array(json.utf8), responseTopic: inbox(for: topic), timeout: timeout)
        return try MessageCoding.decode(Reply<T>.self, from: answer.payloadData)
    }

    /// The next message on `subscription` decoded as `T` and matching `predicate`.
    public static func next<T: Decodable & Sendable>(
        _ type: T.Type, on subscription: MQTTSubscription, within timeout: Duration = .seconds(10),
        where predicate: @escaping @Sendable (T) -> Bool = { _ in true }
    ) async throws -> (T, MQTTMessage) {
        let message = try await subscription.next(within: timeout) { message in
            (try? MessageCoding.decode(T.self, from: message.payloadData)).map(predicate) ?? false
        }
        return (try MessageCoding.decode(T.self, from: message.payloadData), message)
    }
}
