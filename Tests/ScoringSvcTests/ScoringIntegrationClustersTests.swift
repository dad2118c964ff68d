import Contract
import Foundation
import MQTT
import ScoringSvc
import TestSupport
import Testing

/// One scoring process serving every cluster on the bus (`PROXBALANCE_CLUSTER` unset).
@Suite("Scoring integration: every cluster", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ScoringIntegrationClustersTests {
    typealias F = ServiceFixtures
    typealias Bus = TestBus
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "scoring-clusters")
    }

    /// The fixture snapshot as cluster `cluster` sees it.
    func snapshot(_ cluster: String, cycle: Int) -> ClusterSnapshot {
        var snapshot = F.snapshot(cycle: cycle)
        snapshot.cluster = cluster
        return snapshot
    }

    @Test("each cluster gets its own plan, maintenance and database; others are refused", .timeLimit(.minutes(1)))
    func everyCluster() async throws {
        try await withBroker { broker in
            let scoring = try await ScoringIntegration.start(broker: broker, directory: directory.path, cluster: nil)
            defer { Task { try? await scoring.stop() } }
            let client = try await Bus.client(broker)
            let plans = try await client.subscribe("proxbalance/+/recommendations")
            let (a, b) = (Topics(cluster: "a"), Topics(cluster: "b"))
            // Wait until the service listens: its subscriptions answer requests (with an error, no cluster yet).
            var refused: Reply<GuestExplanation>?
            for _ in 0..<50 where refused == nil {
                refused = try? await Bus.request(client, a.request(.scoring, op: "why"), #"{"id":"1","vmid":101}"#, as: GuestExplanation.self)
            }
            #expect(refused?.error?.code == "unknown_cluster")

            for (topics, cycle) in [(a, 3), (b, 9)] {
                try await client.publish(
                    MQTTMessage(
                        topic: topics.clusterState, data: try MessageCoding.encode(snapshot(topics.cluster, cycle: cycle)),
                        retain: true))
            }
            // A snapshot on cluster c's topic that claims to be cluster a is not planned as c.
            try await client.publish(
                MQTTMessage(topic: Topics(cluster: "c").clusterState, data: try MessageCoding.encode(snapshot("a", cycle: 5))))
            var seen: [String: Int] = [:]
            while seen.count < 2 {
                let (plan, message) = try await Bus.next(RecommendationSet.self, on: plans)
                #expect(message.topic == Topics(cluster: plan.cluster).recommendations)
                seen[plan.cluster] = plan.snapshotCycle
            }
            #expect(seen == ["a": 3, "b": 9])

            let maintenance = try await client.subscribe("proxbalance/+/maintenance")
            try await client.publish(MQTTMessage(topic: b.maintenanceSet(node: "pve2"), string: "ON"))
            let (state, message) = try await Bus.next(MaintenanceState.self, on: maintenance) { !$0.nodes.isEmpty }
            #expect(message.topic == b.maintenance && state.cluster == "b" && state.nodes == ["pve2"])
            let why = try await Bus.request(client, a.request(.scoring, op: "why"), #"{"id":"2","vmid":101}"#, as: GuestExplanation.self)
            #expect(why.ok && why.result?.vmid == 101)

            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".db") }
            #expect(Set(files) == ["scoring-a.db", "scoring-b.db"])
            try await scoring.stop()
            await client.disconnect()
        }
    }
}
