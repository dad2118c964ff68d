import Contract
import Foundation
import HTTPTransport
import Logging
import MQTT
import PVESimulator
import ProxmoxAPI
import ProxmoxClient
import ServiceRuntime
import TestSupport
import Testing

@testable import CollectorSvc

/// One collection cycle against the simulator over HTTPS, without a bus.
enum SimulatedCollection {
    /// The snapshot one collection cycle of `scenario` makes.
    static func snapshot(of scenario: Scenario) async throws -> ClusterSnapshot {
        var logger = Logger(label: "collector-simulated")
        logger.logLevel = .warning
        return try await withSimulator(scenario: scenario) { simulator in
            let pve = PVEConnectionConfiguration(
                url: simulator.baseURL, token: try PVEToken(parsing: simulator.token),
                fingerprint: try CertificateFingerprint.parse(simulator.fingerprint))
            let collector = Collector(
                client: pve.makeClient(maxConnections: 2, logger: logger), bus: DiscardingBus(), topics: Topics(cluster: scenario.cluster),
                configuration: CollectorConfiguration(intervalSeconds: 60), logger: logger)
            return try #require(await collector.collectOnce())
        }
    }
}

/// A bus that accepts and drops every message.
struct DiscardingBus: MessagePublishing {
    func publish(_ message: MQTTMessage) async throws {}
}
