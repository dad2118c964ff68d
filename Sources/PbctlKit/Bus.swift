import Contract
import Foundation
import Logging
import MQTT
import PbctlCore
import Synchronization

/// pbctl's MQTT edge: one clean-session connection that reads retained state, sends requests
/// with an MQTT v5 response topic in the account's inbox, and follows topics.
final class Bus: Sendable {
    let client: MQTTClient
    let settings: ConnectionSettings
    /// How long an answer may take.
    let timeout: Duration
    /// `<base>/clients/<username or "pbctl">/responses/pbctl`: the inbox the ACL lets the account read.
    let inbox: String
    /// `pbctl:<os user>`: who the executor records as having asked.
    let requester: String

    private init(client: MQTTClient, settings: ConnectionSettings, timeout: Duration, requester: String) {
        self.client = client
        self.settings = settings
        self.timeout = timeout
        self.requester = requester
        let account = client.configuration.username ?? "pbctl"
        inbox = "\(settings.baseTopic)/clients/\(account)/responses/pbctl"
    }

    /// Connects to the broker.
    /// - Throws: `PbctlFailure`: usage for a bad URL, failed when the broker refuses the
    ///   account, no answer when it cannot be reached in time.
    static func connect(_ settings: ConnectionSettings, timeout: Duration, requester: String) async throws(PbctlFailure) -> Bus {
        var configuration: MQTTConfiguration
        do {
            configuration = try MQTTConfiguration(url: settings.url, clientID: "pbctl-" + UUID().uuidString.prefix(12).lowercased())
        } catch {
            throw PbctlFailure(.usage, (error as? MQTTError)?.message ?? "\(error)")
        }
        if let username = settings.username { configuration.username = username }
        if let password = settings.password { configuration.password = password }
        if let caFile = settings.caFile { configuration.caFile = caFile }
        configuration.reconnectDelayMax = .seconds(2)
        var logger = Logger(label: "pbctl")
        logger.logLevel = ProcessInfo.processInfo.environment["PBCTL_DEBUG"] == nil ? .critical : .debug
        let client = MQTTClient(configuration: configuration, logger: logger)
        let address = "\(configuration.tls ? "mqtts" : "mqtt")://\(configuration.host):\(configuration.port)"
        do {
            try await Deadline.run(timeout) { try await client.connect() }
        } catch let error as MQTTError where error.kind == .reasonCode {
            throw PbctlFailure(.failed, "the broker at \(address) refused the connection: \(error.message)")
        } catch is Deadline.Expired {
            await client.disconnect()
            throw PbctlFailure(.noAnswer, "the broker at \(address) did not answer within \(Deadline.seconds(timeout))")
        } catch {
            throw PbctlFailure(.noAnswer, "cannot reach the broker at \(address): \((error as? MQTTError)?.message ?? "\(error)")")
        }
        return Bus(client: client, settings: settings, timeout: timeout, requester: requester)
    }

    func close() async { await client.disconnect() }

    /// The retained messages on `filters`: everything that arrives until `done` holds for what
    /// came, or nothing more came for `quiet`, or `limit` passed.
    func retained(
        _ filters: [String], quiet: Duration = .milliseconds(400), limit: Duration? = nil,
        done: @escaping @Sendable ([MQTTMessage]) -> Bool = { _ in false }
    ) async -> [MQTTMessage] {
        let buffer = MessageBuffer()
        var readers: [Task<Void, Never>] = []
        var subscriptions: [MQTTSubscription] = []
        for filter in filters {
            guard let subscription = try? await client.subscribe(filter) else { continue }
            subscriptions.append(subscription)
            readers.append(
                Task {
                    for await message in subscription where message.retain { buffer.messages.withLock { $0.append(message) } }
                })
        }
        let clock = ContinuousClock()
        let deadline = clock.now + (limit ?? timeout)
        var lastCount = 0
        var lastChange = clock.now
        while clock.now < deadline {
            let messages = buffer.messages.withLock { $0 }
            if done(messages) { break }
            if messages.count != lastCount {
                lastCount = messages.count
                lastChange = clock.now
            } else if clock.now - lastChange >= quiet {
                break
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        for subscription in subscriptions { subscription.cancel() }
        for reader in readers { reader.cancel() }
        return buffer.messages.withLock { $0 }.filter { !$0.payload.isEmpty }
    }

    /// The retained JSON on one topic, waiting for it up to `limit` (else the timeout).
    func retainedJSON(_ topic: String, limit: Duration? = nil) async -> JSONValue? {
        let messages = await retained([topic], quiet: limit ?? timeout, limit: limit) { !$0.isEmpty }
        return messages.last.flatMap { try? JSONValue.parse($0.payload) }
    }

    /// Sends `request` under `root` and returns the `result` of the service's `Reply`.
    /// - Throws: `PbctlFailure`: the service's refusal (`code: message`), or no answer in time.
    func send(_ request: BusRequest, root: String) async throws(PbctlFailure) -> JSONValue {
        let payload = request.payload(id: BusRequest.newID(), now: Date(), requester: requester)
        return try await call(request, root: root, payload: payload, properties: [])
    }

    /// Sends `ON`/`OFF` to `{b}/nodes/<node>/maintenance/set`, dated and signed with user properties.
    func maintenance(node: String, on: Bool, root: String) async throws(PbctlFailure) -> JSONValue {
        let request = BusRequest(service: .scoring, op: "maintenance", topicSuffix: "nodes/\(node)/maintenance/set")
        let properties = [
            MQTTUserProperty(name: "sent_at", value: BusRequest.timestamp(Date())), MQTTUserProperty(name: "requested_by", value: requester),
        ]
        return try await call(request, root: root, payload: Array((on ? "ON" : "OFF").utf8), properties: properties)
    }

    private func call(
        _ request: BusRequest, root: String, payload: [UInt8], properties: [MQTTUserProperty]
    ) async throws(PbctlFailure) -> JSONValue {
        let topic = "\(root)/\(request.topicSuffix)"
        let service = "pb-\(request.service.rawValue)"
        let answer: MQTTMessage
        do {
            // The broker drops the request once pbctl stopped waiting: no late surprise.
            let expiry = UInt32(max(1, Int(Deadline.secondsValue(timeout).rounded(.up))))
            answer = try await client.request(
                topic: topic, payload: payload, responseTopic: "\(inbox)/\(request.service.rawValue).\(request.op)",
                contentType: request.op == "maintenance" ? nil : "application/json", timeout: timeout, messageExpiry: expiry,
                userProperties: properties)
        } catch let error as MQTTError where error.kind == .timeout {
            throw PbctlFailure(.noAnswer, "no answer from \(service) on \(topic) within \(Deadline.seconds(timeout)) (is it running?)")
        } catch let error as MQTTError where error.kind == .noResponder {
            throw PbctlFailure(.noAnswer, "nobody listens on \(topic) (is \(service) running?)")
        } catch let error as MQTTError where error.kind == .reasonCode && error.code == 135 {
            throw PbctlFailure(.failed, "the broker does not let this account publish \(topic): \(error.message)")
        } catch {
            throw PbctlFailure(.noAnswer, "\(topic): \((error as? MQTTError)?.message ?? "\(error)")")
        }
        return try BusRequest.result(of: answer.payload)
    }

    /// Messages on `filters` as they come (retained copies first), until the task is cancelled.
    func follow(_ filters: [String]) async throws(PbctlFailure) -> AsyncStream<MQTTMessage> {
        let (stream, sink) = AsyncStream.makeStream(of: MQTTMessage.self)
        var readers: [Task<Void, Never>] = []
        for filter in filters {
            let subscription: MQTTSubscription
            do {
                subscription = try await client.subscribe(filter)
            } catch {
                throw PbctlFailure(.failed, "cannot subscribe to \(filter): \((error as? MQTTError)?.message ?? "\(error)")")
            }
            readers.append(
                Task {
                    for await message in subscription { sink.yield(message) }
                    sink.finish()
                })
        }
        let all = readers
        sink.onTermination = { _ in for reader in all { reader.cancel() } }
        return stream
    }
}

/// Messages collected by reader tasks.
private final class MessageBuffer: Sendable {
    let messages = Mutex<[MQTTMessage]>([])
}

/// Runs work with a time limit.
enum Deadline {
    struct Expired: Error {}

    static func run<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw Expired()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw Expired() }
            return first
        }
    }

    static func secondsValue(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// `10 s`, `0.5 s`.
    static func seconds(_ duration: Duration) -> String {
        let value = secondsValue(duration)
        return value.rounded() == value ? "\(Int(value)) s" : "\(value) s"
    }
}
