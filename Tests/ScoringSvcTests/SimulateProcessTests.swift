import Contract
import Foundation
import MQTT
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

/// The `simulate` request answered by the real `pb-scoring` process over a real broker.
@Suite("Simulate: pb-scoring process", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(3)))
struct SimulateProcessTests {
    @Test("a conservative preset's diff over the bus; a bad value names its key; nothing is stored or published", .timeLimit(.minutes(2)))
    func simulateOverTheBus() async throws {
        try await ScoringIntegration.withProcess("scoring-simulate-process") { broker, client, topics in

            let plans = try await client.subscribe(topics.recommendations)
            let settings = try await client.subscribe(topics.settings(.scoring))
            _ = try await TestBus.next(ScoringSettings.self, on: settings) { $0.sensitivity == .balanced }
            var snapshot = SettingsSimulationTests.warmCluster
            snapshot.collectedAt = Date()
            try await client.publish(MQTTMessage(topic: topics.clusterState, data: try MessageCoding.encode(snapshot), retain: true))
            let (plan, _) = try await TestBus.next(RecommendationSet.self, on: plans) { [cycle = snapshot.collection.cycle] in
                $0.snapshotCycle == cycle
            }
            #expect(!plan.recommendations.isEmpty)

            let request = topics.request(.scoring, op: "simulate")
            let answer = try await TestBus.request(
                client, request, #"{"id":"sim1","sensitivity":"conservative"}"#, as: SettingsSimulation.self)
            #expect(answer.id == "sim1")
            let result = try #require(answer.result)
            #expect(result.disappeared.map(\.vmid) == plan.recommendations.map(\.vmid))
            #expect(result.appeared.isEmpty && result.changed.isEmpty)
            #expect(result.proposed.status == .balanced && result.proposed.moves == 0)
            #expect(result.current.moves == plan.recommendations.count)
            #expect(result.nodes.map(\.node) == ["pve1", "pve2", "pve3"])
            #expect(result.settings.penalties.cpuThreshold == 70)

            let bad = try await TestBus.request(client, request, #"{"id":"sim2","sensitivity":"wild"}"#, as: JSONValue.self)
            #expect(bad.error?.code == "invalid")
            #expect(bad.error?.message.hasPrefix("sensitivity:") == true, "\(String(describing: bad.error))")

            // The next settings and plan published are those of this update, still balanced: the simulation changed nothing.
            let set = try await TestBus.request(client, topics.settingsSet(.scoring), #"{"id":"s1","min_confidence":1}"#, as: JSONValue.self)
            #expect(set.ok)
            let (published, _) = try await TestBus.next(ScoringSettings.self, on: settings)
            #expect(published.minConfidence == 1 && published.sensitivity == .balanced)
            #expect(published.penalties.cpuThreshold == 60)
            let (next, _) = try await TestBus.next(RecommendationSet.self, on: plans)
            #expect(next.recommendations.map(\.vmid) == plan.recommendations.map(\.vmid))
            await client.disconnect()
        }
    }
}
