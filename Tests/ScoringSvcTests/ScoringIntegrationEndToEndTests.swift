import CollectorSvc
import Contract
import Foundation
import HTTPTransport
import MQTT
import PVESimulator
import ProxmoxAPI
import ScoringSvc
import ServiceRuntime
import TestSupport
import Testing

/// Simulator → collector → scoring over a real broker, on the demo cluster.
@Suite("Scoring integration: end to end", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ScoringIntegrationEndToEndTests {
    @Test("the demo cluster's snapshots are planned: every running guest is recommended or skipped", .timeLimit(.minutes(1)))
    func demoCluster() async throws {
        let directory = try TemporaryDirectory(prefix: "scoring-e2e")
        defer { directory.remove() }
        let scenario = try SimulatorScenarios.demo()
        let topics = Topics(cluster: scenario.cluster)
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            try await withSimulator(scenario: scenario) { simulator in
                let states = try await session.client.subscribe(topics.clusterState)
                let plans = try await session.client.subscribe(topics.recommendations)

                let collecting = try await session.startCollector(simulator)

                let (plan, _) = try await TestBus.next(RecommendationSet.self, on: plans, within: .seconds(20)) {
                    $0.snapshotCycle >= 1
                }
                let (snapshot, _) = try await TestBus.next(ClusterSnapshot.self, on: states) {
                    $0.collection.cycle == plan.snapshotCycle
                }
                try await collecting.stop()

                #expect(plan.cluster == scenario.cluster)
                #expect(plan.status != .stale)
                #expect(plan.snapshotAt == snapshot.collectedAt)
                // The demo's pve3 is overloaded: the plan relieves it.
                #expect(plan.recommendations.contains { $0.source == "pve3" }, "\(plan.status): \(plan.message)")
                // Removing the hotspot shows in the cluster's health.
                let health = (plan.summary.clusterHealthBefore, plan.summary.clusterHealthAfter)
                #expect(health.1 >= health.0 + 3, "health \(health.0) → \(health.1)")
                let covered = Set(plan.recommendations.map(\.vmid)).union(plan.skipped.map(\.vmid))
                for guest in snapshot.guests where guest.status == "running" {
                    #expect(covered.contains(guest.vmid), "running guest \(guest.vmid) on \(guest.node) is neither recommended nor skipped")
                }
            }
        }
    }
}
