import Foundation
import Logging
import MQTT
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
        try await withTestTimeout(timeout, "connection state") {
            for await state in states where predicate(state) { return }
            throw TestFailure("state stream ended first")
        }
    }
}
