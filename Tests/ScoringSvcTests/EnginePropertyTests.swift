import Contract
import Foundation
import TestSupport
import Testing

@testable import ScoringEngine
@testable import ScoringSvc

/// Invariants of the planner on random clusters.
@Suite("Engine: plan properties on random clusters")
struct EnginePropertyTests {
    static let seeds: [UInt64] = Array(1...24)

    static func input(seed: UInt64, maintenance: Set<String> = []) -> PlanInput {
        let nodes = 3 + Int(seed % 10)
        let guests = 30 + Int(seed * 37 % 400)
        var settings = ScoringSettings()
        settings.maxMovesPerPlan = 200
        return PlanInput(
            snapshot: SyntheticCluster.snapshot(nodes: nodes, guests: guests, seed: seed, at: Lab.now),
            maintenance: maintenance, settings: settings, now: Lab.now)
    }

    /// Applies the plan to the snapshot's placement and returns every violated rule.
    static func violations(_ plan: RecommendationSet, _ input: PlanInput) -> [String] {
        let snapshot = input.snapshot
        var problems: [String] = []
        var placement = Dictionary(uniqueKeysWithValues: snapshot.guests.map { ($0.vmid, $0.node) })
        let guests = Dictionary(uniqueKeysWithValues: snapshot.guests.map { ($0.vmid, $0) })
        let nodes = Dictionary(uniqueKeysWithValues: snapshot.nodes.map { ($0.name, $0) })
        for move in plan.recommendations {
            guard let guest = guests[move.vmid], let target = nodes[move.target] else {
                problems.append("\(move.vmid): unknown guest or target")
                continue
            }
            if GuestEligibility.blocker(guest, evacuating: input.maintenance.contains(guest.node)) != nil {
                problems.append("\(move.vmid): guest rule broken")
            }
            if input.maintenance.contains(move.target) || !target.isOnline { problems.append("\(move.vmid): bad target") }
            if !Set(guest.storages).isSubset(of: target.storages) { problems.append("\(move.vmid): storage") }
            placement[move.vmid] = move.target
        }
        for node in snapshot.nodes {
            let here = snapshot.guests.filter { placement[$0.vmid] == node.name && !$0.template }
            let committed = here.reduce(Int64(0)) { $0 + $1.memoryMaxBytes }
            let arrived = plan.recommendations.contains { $0.target == node.name }
            if arrived, Double(committed) > 0.95 * Double(node.memoryTotalBytes ?? 0) {
                problems.append("\(node.name): memory gate")
            }
            let groups = here.flatMap { GuestTags($0.tags).antiAffinity }
            if arrived, Set(groups).count != groups.count {
                let before = snapshot.guests.filter { $0.node == node.name && !$0.template }
                    .flatMap { GuestTags($0.tags).antiAffinity }
                if Set(before).count == before.count { problems.append("\(node.name): anti-affinity") }
            }
        }
        return problems
    }

    @Test("no plan breaks a hard rule", arguments: seeds)
    func noViolations(seed: UInt64) {
        let input = Self.input(seed: seed)
        let plan = Planner.plan(input)
        #expect(Self.violations(plan, input) == [])
        #expect(PlanAudit.violations(plan, input) == [])
    }

    @Test("no plan raises the maximum node CPU load or pushes memory over its threshold", arguments: seeds)
    func neverHotter(seed: UInt64) {
        let input = Self.input(seed: seed)
        let plan = Planner.plan(input)
        #expect(plan.summary.maxCpuPctAfter <= plan.summary.maxCpuPctBefore)
        #expect(plan.summary.maxMemoryPctAfter <= max(plan.summary.maxMemoryPctBefore, input.settings.penalties.memThreshold))
        // Every node that only sent guests away ends no worse than it started.
        for node in plan.summary.nodes
        where plan.recommendations.contains(where: { $0.source == node.node })
            && !plan.recommendations.contains(where: { $0.target == node.node })
        {
            #expect(node.cpuPctAfter <= node.cpuPctBefore && node.memoryPctAfter <= node.memoryPctBefore)
        }
    }

    @Test("no guest appears twice, and every running guest is either moved or explained", arguments: seeds)
    func accounting(seed: UInt64) {
        let input = Self.input(seed: seed)
        let plan = Planner.plan(input)
        let moved = plan.recommendations.map(\.vmid)
        #expect(Set(moved).count == moved.count)
        let skipped = Set(plan.skipped.map(\.vmid))
        #expect(skipped.isDisjoint(with: moved))
        #expect(skipped.union(moved) == Set(input.snapshot.guests.map(\.vmid)))
    }

    @Test("evacuation never targets a maintenance node and empties it of movable guests", arguments: seeds.prefix(8))
    func evacuation(seed: UInt64) {
        let input = Self.input(seed: seed, maintenance: ["pve1"])
        let plan = Planner.plan(input)
        #expect(Self.violations(plan, input) == [])
        #expect(PlanAudit.violations(plan, input) == [])
        #expect(!plan.recommendations.contains { $0.target == "pve1" })
        let left = plan.skipped.filter { $0.node == "pve1" }
        #expect(left.allSatisfy { $0.reason != .sourceMemoryHealthy && $0.reason != .insufficientImprovement })
    }
}
