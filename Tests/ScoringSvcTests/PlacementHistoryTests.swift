import CollectorSvc
import Contract
import Foundation
import HTTPTransport
import Logging
import MQTT
import PVESimulator
import ProxmoxAPI
import ProxmoxClient
import ScoringSvc
import ServiceRuntime
import TestSupport
import Testing

/// Simulator → collector → scoring: a guest moved in Proxmox directly, not by ProxBalance.
@Suite("History: placement changes end to end", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(3)))
struct PlacementHistoryTests {
    @Test("a migration started in Proxmox directly is published and recorded as moved from outside", .timeLimit(.minutes(2)))
    func outsideMove() async throws {
        let directory = try TemporaryDirectory(prefix: "scoring-placement")
        defer { directory.remove() }
        var scenario = try SimulatorScenarios.demo()
        scenario.migration.timeScale = 0.05
        let topics = Topics(cluster: scenario.cluster)
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            try await withSimulator(scenario: scenario) { simulator in
                let plans = try await session.client.subscribe(topics.recommendations)
                let placements = try await session.client.subscribe(topics.placements)
                let collecting = try await session.startCollector(simulator)

                // A move the plan allows, made with the Proxmox API as an admin would.
                let (plan, _) = try await TestBus.next(RecommendationSet.self, on: plans, within: .seconds(20)) {
                    !$0.recommendations.isEmpty
                }
                let move = try #require(plan.recommendations.first)
                let pve = try PVEConnectionConfiguration(
                    url: simulator.baseURL, token: try PVEToken(parsing: simulator.token),
                    fingerprint: try CertificateFingerprint.parse(simulator.fingerprint)
                ).makeClient(maxConnections: 1, logger: Logger(label: "placement-test"))
                _ = try await pve.migrate(
                    move.source, kind: move.type == .lxc ? .lxc : .qemu, vmid: move.vmid, target: move.target,
                    options: PVEMigrateOptions(online: move.type == .lxc ? nil : true, restart: move.type == .lxc ? true : nil))

                let (change, message) = try await TestBus.next(PlacementChange.self, on: placements, within: .seconds(60)) {
                    $0.vmid == move.vmid
                }
                try await collecting.stop()
                #expect(!message.retain)
                #expect(change.from == move.source && change.to == move.target && change.by == .outside)

                let database = try ScoringDatabase.open(
                    directory: directory.path, cluster: topics.cluster, logger: Logger(label: "placement-test"))
                #expect(try await MetricsHistory(database: database).placementChanges(vmid: move.vmid) == [change])
            }
        }
    }
}
