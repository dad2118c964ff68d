import Foundation
import Logging
import Shared
import TestSupport
import Testing

/// Shared helpers for the MQTT integration tests.
enum MQTTTest {
    static let logger = Logger(label: "mqtt-tests") { _ in SwiftLogNoOpLogHandler() }

    /// A configuration for `broker` with a unique client id and fast reconnects.
    static func configuration(
        _ broker: MosquittoBroker, clientID: String = "t-\(UUID().uuidString.prefix(8))", port: Int? = nil
    ) throws -> MQTTConfiguration {
        var config = try MQTTConfiguration(url: broker.url, clientID: clientID)
        if let port { config.port = port }
        config.reconnectDelay = .milliseconds(100)
        config.reconnectDelayMax = .milliseconds(500)
        return config
    }

    /// A client for `broker`, already connected.
    static func connectedClient(
        _ broker: MosquittoBroker, _ adjust: (inout MQTTConfiguration) -> Void = { _ in }
    ) async throws -> MQTTClient {
        var config = try configuration(broker)
        adjust(&config)
        let client = MQTTClient(configuration: config, logger: logger)
        try await client.connect()
        return client
    }

    /// Waits until `client` reports a state satisfying `predicate`.
    static func waitForState(
        _ client: MQTTClient, within timeout: Duration = .seconds(20), _ predicate: @escaping @Sendable (MQTTConnectionState) -> Bool
    ) async throws {
        let states = client.connectionStates()
        try await withMQTTTestTimeout(timeout, "connection state") {
            for await state in states where predicate(state) { return }
            throw TestFailure("state stream ended first")
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `operation` or fails with a clear message after `timeout`.
func withMQTTTestTimeout<T: Sendable>(
    _ timeout: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TestFailure("timed out after \(timeout) waiting for \(what)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

extension MQTTSubscription {
    /// The next message, failing the test after `timeout` (which also ends the subscription).
    func next(within timeout: Duration = .seconds(10)) async throws -> MQTTMessage {
        try await withMQTTTestTimeout(timeout, "a message on '\(filter)'") {
            var iterator = self.makeAsyncIterator()
            guard let message = await iterator.next() else { throw TestFailure("subscription '\(self.filter)' ended") }
            return message
        }
    }

    /// The payloads of the next `count` messages, as strings.
    func nextPayloads(_ count: Int, within timeout: Duration = .seconds(10)) async throws -> [String] {
        var payloads: [String] = []
        for _ in 0..<count {
            payloads.append(try await next(within: timeout).payloadString ?? "<binary>")
        }
        return payloads
    }
}
