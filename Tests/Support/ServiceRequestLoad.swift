import Foundation
import Shared
import Synchronization

/// Requests sent to a service without waiting for each answer, and the answers collected by
/// the correlation data they echo: for floods and for requests that must survive broker restarts.
public final class ServiceRequestLoad: Sendable {
    /// The requester's persistent session: answers sent while it reconnects wait for it.
    public let client: MQTTClient
    public let responseTopic: String
    private let answers: MQTTSubscription

    /// A requester with a persistent session on `broker`, subscribed to its inbox before it connects.
    public init(_ broker: MosquittoBroker, name: String = "requester") async throws {
        let suffix = UUID().uuidString.prefix(8)
        var configuration = try MQTTConfiguration(url: broker.url, clientID: "\(name)-\(suffix)")
        configuration.cleanStart = false
        configuration.sessionExpiry = 600
        configuration.reconnectDelayMax = .seconds(1)
        client = MQTTClient(configuration: configuration, logger: TestBus.logger)
        responseTopic = "test/answers/\(name)-\(suffix)"
        answers = try await client.subscribe(responseTopic, qos: .exactlyOnce)
        try await client.connect()
    }

    /// A request on `topic` with `payload`, answered to this requester with `key` as correlation data.
    public func message(_ topic: String, payload: [UInt8], key: String, qos: MQTTQoS = .atLeastOnce) -> MQTTMessage {
        MQTTMessage(topic: topic, payload: payload, qos: qos, responseTopic: responseTopic, correlationData: Array(key.utf8))
    }

    /// Collects answers until `done` says the collected ones (key → how many times answered)
    /// are enough, failing after `timeout` with how many had come.
    public func collect(within timeout: Duration, until done: @escaping @Sendable ([String: Int]) -> Bool) async throws -> [String: Int] {
        let answers = self.answers
        let seen = Mutex<[String: Int]>([:])
        do {
            return try await withTestTimeout(timeout, "answers on \(responseTopic)") {
                if done([:]) { return [:] }
                for await answer in answers {
                    let key = String(decoding: answer.correlationData ?? [], as: UTF8.self)
                    let now = seen.withLock { seen in
                        seen[key, default: 0] += 1
                        return seen
                    }
                    if done(now) { return now }
                }
                throw TestFailure("the answers subscription ended")
            }
        } catch let failure as TestFailure {
            throw TestFailure("\(failure) (\(seen.withLock { $0.count }) answered)")
        }
    }

    public func close() async { await client.disconnect() }
}
