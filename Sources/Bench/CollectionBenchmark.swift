import CollectorSvc
import Contract
import Foundation
import HTTPTransport
import Logging
import MQTT
import PVESimulator
import ProxmoxAPI
import ServiceRuntime
import TestSupport

/// Full collection cycles of a generated cluster served by the simulator over HTTPS (in this
/// process), published to a real mosquitto; plus the snapshot's size and coding time.
enum CollectionBenchmark {
    static func run(
        nodes: Int, guests: Int, steadyCycles: Int, logger: Logger
    ) async throws -> (BenchReport.Collection, BenchReport.SnapshotEncoding) {
        let scenario = ScenarioGenerator.generate(nodes: nodes, guests: guests, seed: 1)
        return try await withBroker { broker in
            try await withSimulator(scenario: scenario) { simulator in
                let mqtt = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "bench-collector"), logger: logger)
                try await mqtt.connect()
                let pve = PVEConnectionConfiguration(
                    url: simulator.baseURL, token: try PVEToken(parsing: simulator.token),
                    fingerprint: try CertificateFingerprint.parse(simulator.fingerprint))
                let configuration = CollectorConfiguration(intervalSeconds: 60)
                let collector = Collector(
                    client: pve.makeClient(maxConnections: configuration.concurrency, logger: logger), bus: mqtt,
                    topics: Topics(cluster: scenario.cluster), configuration: configuration, logger: logger)

                let (first, firstSeconds) = await measure { await collector.collectOnce() }
                guard let first else { throw BenchError("the first collection cycle failed") }
                var steady: [Double] = []
                var last = first
                for _ in 0..<steadyCycles {
                    let (snapshot, seconds) = await measure { await collector.collectOnce() }
                    guard let snapshot else { throw BenchError("a steady collection cycle failed") }
                    steady.append(seconds)
                    last = snapshot
                }
                await mqtt.disconnect()

                var data = Data()
                let (_, encodeSeconds) = try await measure { for _ in 0..<5 { data = try MessageCoding.encode(last) } }
                let (_, decodeSeconds) = try await measure {
                    for _ in 0..<5 { _ = try MessageCoding.decode(ClusterSnapshot.self, from: data) }
                }
                return (
                    BenchReport.Collection(
                        nodes: first.nodes.count, guests: first.guests.count, firstCycleSeconds: firstSeconds,
                        firstCycleAPICalls: first.collection.apiCalls, steadyCycleSeconds: steady,
                        steadyCycleAPICalls: last.collection.apiCalls,
                        publishedMessagesPerCycle: 1 + last.nodes.count + last.guests.count),
                    BenchReport.SnapshotEncoding(
                        guests: last.guests.count, bytes: data.count, encodeMilliseconds: encodeSeconds / 5 * 1000,
                        decodeMilliseconds: decodeSeconds / 5 * 1000)
                )
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
