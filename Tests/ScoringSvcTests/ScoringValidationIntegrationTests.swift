import Contract
import Foundation
import MQTT
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

/// Bad input to scoring over a real mosquitto: refused naming the key, nothing stored.
@Suite("Scoring integration: input validation", .enabled(if: MosquittoBroker.isAvailable), .serialized)
struct ScoringValidationIntegrationTests {
    typealias F = ServiceFixtures
    typealias Bus = TestBus
    let topics = Topics(cluster: F.cluster)
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "scoring-validation")
    }

    @Test("a refused settings update names the key and leaves the stored settings unchanged, across a restart", .timeLimit(.minutes(1)))
    func settingsRefused() async throws {
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            let client = session.client
            let set = topics.settingsSet(.scoring)
            let huge = try await Bus.request(client, set, #"{"id":"v1","penalties":{"cpu_high":1e300}}"#, as: ScoringSettings.self)
            #expect(huge.id == "v1" && huge.error?.code == "invalid")
            #expect(huge.error?.message == "penalties.cpu_high: must be from 0 to 1000, got 1e+300")
            let misspelt = try await Bus.request(
                client, set, #"{"id":"v2","max_moves_per_plan":5,"penalties":{"cpu_treshold":50}}"#, as: ScoringSettings.self)
            #expect(misspelt.error?.message == "penalties.cpu_treshold: unknown key (did you mean 'cpu_threshold'?)")

            try await session.restart()
            let (stored, _) = try await Bus.next(ScoringSettings.self, on: try await client.subscribe(topics.settings(.scoring)))
            #expect(stored == ScoringSettings())
        }
    }

    @Test("maintenance of an unknown or absurd node name is refused naming it; the list is unchanged", .timeLimit(.minutes(1)))
    func maintenanceRefused() async throws {
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            let client = session.client
            let answers = try await client.subscribe(topics.response(.scoring, op: "maintenance"))
            try await client.publish(MQTTMessage(topic: topics.maintenanceSet(node: "pve2"), string: "ON"))
            let (early, _) = try await Bus.next(Reply<MaintenanceState>.self, on: answers)
            #expect(early.error?.code == "no_data")

            let plans = try await client.subscribe(topics.recommendations)
            try await client.publish(MQTTMessage(topic: topics.clusterState, data: try MessageCoding.encode(F.snapshot()), retain: true))
            _ = try await Bus.next(RecommendationSet.self, on: plans)

            try await client.publish(MQTTMessage(topic: topics.maintenanceSet(node: "ghostnode"), string: "ON"))
            let (ghost, _) = try await Bus.next(Reply<MaintenanceState>.self, on: answers)
            #expect(ghost.error?.code == "not_found")
            #expect(ghost.error?.message.hasPrefix("node: 'ghostnode' is not a node of the cluster (nodes: pve1, pve2, pve3)") == true)
            try await client.publish(MQTTMessage(topic: topics.maintenanceSet(node: String(repeating: "n", count: 3000)), string: "ON"))
            let (long, _) = try await Bus.next(Reply<MaintenanceState>.self, on: answers)
            #expect(long.error == .invalid("node: must be 1–63 characters, got 3000 characters"))

            let (state, _) = try await Bus.next(MaintenanceState.self, on: try await client.subscribe(topics.maintenance))
            #expect(state.nodes.isEmpty)
        }
    }

    @Test("a request with a misspelt key is refused naming it", .timeLimit(.minutes(1)))
    func requestRefused() async throws {
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            let reply = try await Bus.request(
                session.client, topics.request(.scoring, op: "recommendations"), #"{"id":"r1","min_confidance":50}"#, as: JSONValue.self)
            #expect(reply.id == "r1")
            #expect(reply.error == .invalid("min_confidance: unknown key (did you mean 'min_confidence'?)"))
        }
    }
}
