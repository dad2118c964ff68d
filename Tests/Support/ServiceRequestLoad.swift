import Foundation
import MQTT
import ServiceRuntime
import Synchronization

/// Requests sent to a service without waiting for each answer, and the answers collected by
/// the correlation data they echo: for floods and for requests that must survive broker restarts.
public final class ServiceRequestLoad: Sendable {
    /// The requester's persistent session: answers sent while it reconnects wait for it.
    public let client: MQTTClient
    public let responseTopic: String
    private let answers: MQTTSubscription

    /// A requester with a persistent session on `broker`, subscribed to its inbox
    /// (`<base>/clients/<name>/responses/…`) before it connects.
    public init(_ broker: MosquittoBroker, name: String = "requester", base: String = "proxbalance") async throws {
        let suffix = UUID().uuidString.prefix(8)
        var configuration = try MQTTConfiguration(url: broker.url, clientID: "\(name)-\(suffix)")
        configuration.cleanStart = false
        configuration.sessionExpiry = 600
        configuration.reconnectDelayMax = .seconds(1)
        client = MQTTClient(configuration: configuration, logger: TestBus.logger)
        responseTopic = "\(base)/clients/\(name)/responses/\(suffix)"
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

/// What a flood of malformed requests did to a service process.
public struct FloodOutcome: Sendable {
    /// Requests published and answered.
    public var sent: Int
    public var answered: Int
    /// Requests the broker did not accept.
    public var unpublished: Int
    /// Resident memory (KiB) before, at the peak, and once the flood was answered.
    public var before: Int
    public var peak: Int
    public var after: Int
}

extension ServiceRequestLoad {
    /// Publishes `ProcessMemory.floodSize` requests to `topic` (payload `i` from `payload`),
    /// collects every answer, and measures `process`'s memory before, at the peak and after,
    /// waiting up to 20 s for it to settle within `slackKiB` of where it started.
    public func flood(
        _ process: RunningProcess, topic: String, slackKiB: Int = 10 * 1024, payload: @escaping @Sendable (Int) -> String
    ) async throws -> FloodOutcome {
        let before = try await ProcessMemory.settled(process)
        let count = ProcessMemory.floodSize
        let messages = (0..<count).map { message(topic, payload: Array(payload($0).utf8), key: "m\($0)") }
        let client = self.client
        let publishing = Task { await client.publishAll(messages, inFlight: 200) }
        let pid = process.processIdentifier
        let sampler = Task { await ProcessMemory.peak(pid) }
        let answered = try await collect(within: .seconds(120)) { $0.count >= count }.count
        sampler.cancel()
        let peak = await sampler.value
        let unpublished = await publishing.value.count
        let after = try await ProcessMemory.waitBelow(before + slackKiB, process, within: .seconds(20))
        return FloodOutcome(sent: count, answered: answered, unpublished: unpublished, before: before, peak: peak, after: after)
    }
}
