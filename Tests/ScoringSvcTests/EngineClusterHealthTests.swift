import Contract
import Foundation
import Testing

@testable import ScoringEngine

/// Cluster health before and after a plan: removing a hotspot shows.
@Suite("Engine: cluster health")
struct EngineClusterHealthTests {
    /// Four 16-thread nodes like the demo cluster: pve3 at 82 % CPU, the others between 30 and 40 %.
    static func demoLike() -> ClusterSnapshot {
        let hot = [4.0, 3, 2, 2, 1, 1].enumerated().map { Lab.guest(111 + $0.offset, on: "pve3", cores: $0.element, memoryGiB: 3) }
        return Lab.snapshot(
            [
                Lab.node("pve3", cpu: 82, memory: 60, threads: 16, memoryGiB: 64),
                Lab.node("pve4", cpu: 40, memory: 55, threads: 16, memoryGiB: 64),
                Lab.node("pve5", cpu: 30, memory: 40, threads: 16, memoryGiB: 64),
                Lab.node("pve6", cpu: 35, memory: 50, threads: 16, memoryGiB: 64),
            ],
            hot + [Lab.guest(121, on: "pve4", cores: 6), Lab.guest(141, on: "pve5", cores: 4), Lab.guest(151, on: "pve6", cores: 5)])
    }

    @Test("relieving a hotspot raises cluster health by a clear margin, within 0–100")
    func hotspotRemoved() throws {
        let plan = Lab.plan(Self.demoLike())
        #expect(!plan.recommendations.isEmpty)
        let summary = plan.summary
        #expect(summary.maxCpuPctAfter < summary.maxCpuPctBefore - 15)
        #expect(summary.clusterHealthAfter >= summary.clusterHealthBefore + 4, "\(summary.clusterHealthBefore) → \(summary.clusterHealthAfter)")
        #expect((0...100).contains(summary.clusterHealthBefore) && (0...100).contains(summary.clusterHealthAfter))
    }

    @Test("a balanced cluster keeps its health, and it is high")
    func balancedUnchanged() {
        let snapshot = Lab.snapshot(
            ["pve1", "pve2", "pve3"].map { Lab.node($0, cpu: 25, memory: 35) },
            [Lab.guest(101, on: "pve1"), Lab.guest(201, on: "pve2"), Lab.guest(301, on: "pve3")])
        let summary = Lab.plan(snapshot).summary
        #expect(summary.moves == 0)
        #expect(summary.clusterHealthAfter == summary.clusterHealthBefore)
        #expect(summary.clusterHealthBefore > 75)
    }
}
