import Contract
import Foundation
import Testing

@testable import ScoringEngine

/// Emptying a node in maintenance: running guests live, stopped ones offline, the rest with a reason.
@Suite("Engine: complete evacuation of a node in maintenance")
struct EngineEvacuationTests {
    /// pve1 in maintenance with a running VM, a running container, a stopped VM and a stopped
    /// container, a stopped VM on storage only pve1 has, and a stopped VM too large for any node.
    static func cluster() -> ClusterSnapshot {
        Lab.snapshot(
            [
                Lab.node("pve1", cpu: 20, memory: 30, storages: ["ceph", "local-lvm", "island"]),
                Lab.node("pve2", cpu: 10, memory: 30), Lab.node("pve3", cpu: 15, memory: 30),
            ],
            [
                Lab.guest(101, on: "pve1"), Lab.guest(102, on: "pve1", type: .lxc),
                Lab.guest(103, on: "pve1", cores: 0, memoryGiB: 0, maxGiB: 16, status: "stopped"),
                Lab.guest(104, on: "pve1", cores: 0, memoryGiB: 0, maxGiB: 2, type: .lxc, status: "stopped"),
                Lab.guest(105, on: "pve1", cores: 0, memoryGiB: 0, status: "stopped", storages: ["island"]),
                Lab.guest(106, on: "pve1", cores: 0, memoryGiB: 0, maxGiB: 200, status: "stopped"),
                Lab.guest(201, on: "pve2"),
                Lab.guest(202, on: "pve2", cores: 0, memoryGiB: 0, status: "stopped"),
            ])
    }

    @Test("running guests leave live or with a restart, stopped ones offline; each command matches its mode")
    func everyGuestThatCanMoveLeaves() throws {
        let plan = Lab.plan(Self.cluster(), maintenance: ["pve1"])
        #expect(Set(plan.recommendations.map(\.vmid)) == [101, 102, 103, 104])
        #expect(plan.recommendations.allSatisfy { $0.kind == .maintenanceEvacuation && $0.target != "pve1" })
        let live = try #require(plan.move(101))
        #expect(live.mode == .online && live.command == "qm migrate 101 \(live.target) --online")
        let restart = try #require(plan.move(102))
        #expect(restart.mode == .restart && restart.command == "pct migrate 102 \(restart.target) --restart")
        let vm = try #require(plan.move(103))
        #expect(vm.mode == .offline && vm.command == "qm migrate 103 \(vm.target)")
        #expect(vm.reason.summary.contains("moves offline"))
        let container = try #require(plan.move(104))
        #expect(container.mode == .offline && container.command == "pct migrate 104 \(container.target)")
        // Stopped guests add no running guest, CPU or memory in use where they arrive.
        let pve1 = try #require(plan.summary.nodes.first { $0.node == "pve1" })
        #expect(pve1.guestsBefore == 2 && pve1.guestsAfter == 0)
        let arrivals = plan.summary.nodes.filter { $0.node != "pve1" }
        let arrived = arrivals.reduce(0) { $0 + $1.guestsAfter - $1.guestsBefore }
        #expect(arrived == 2)
    }

    @Test("what cannot move stays, each with its reason: storage only the node has, memory no node can commit")
    func whatCannotMoveSaysWhy() throws {
        let plan = Lab.plan(Self.cluster(), maintenance: ["pve1"])
        let island = try #require(plan.skip(105))
        #expect(island.disqualified.filter { $0.node != "pve1" }.allSatisfy { $0.rule == "rule_storage" })
        #expect(!island.disqualified.isEmpty)
        let large = try #require(plan.skip(106))
        #expect(large.disqualified.contains { $0.rule == "rule_memory_capacity" })
        // A stopped guest on a node that is not in maintenance is not balanced.
        #expect(plan.skip(202)?.reason == .stopped)
        #expect(plan.move(202) == nil)
    }

    @Test("a stopped guest's maximum memory counts on its target: the memory gate keeps it off a full node")
    func stoppedGuestsCommitMemory() throws {
        // pve2 has 64 GiB committed of 128; pve3 has 110 GiB committed: a 24 GiB stopped VM fits only on pve2.
        let snapshot = Lab.snapshot(
            [Lab.node("pve1", cpu: 20, memory: 30), Lab.node("pve2", cpu: 30, memory: 40), Lab.node("pve3", cpu: 5, memory: 10)],
            [
                Lab.guest(101, on: "pve1", cores: 0, memoryGiB: 0, maxGiB: 24, status: "stopped"),
                Lab.guest(201, on: "pve2", maxGiB: 64), Lab.guest(301, on: "pve3", cores: 0, memoryGiB: 0, maxGiB: 110, status: "stopped"),
            ])
        let plan = Lab.plan(snapshot, maintenance: ["pve1"])
        #expect(plan.move(101)?.target == "pve2")
        #expect(plan.move(101)?.mode == .offline)
    }
}
