import Contract
import Foundation
import TestSupport
import Testing

@testable import ScoringEngine

/// The planner on the generated cluster shapes (issue 13), with caps from 1 to unlimited.
@Suite("Engine: plans on cluster shapes, capped and not")
struct EngineShapeTests {
    static let seeds: [UInt64] = [1, 2, 3]
    static let sizes = [(nodes: 4, guests: 24), (nodes: 8, guests: 120)]
    static let caps = [1, 2, 5, 10, 20, 1000]

    static func input(_ shape: ClusterShape, nodes: Int, guests: Int, seed: UInt64, cap: Int) -> PlanInput {
        var settings = ScoringSettings()
        settings.maxMovesPerPlan = cap
        return PlanInput(
            snapshot: shape.snapshot(nodes: nodes, guests: guests, seed: seed, at: Lab.now), settings: settings, now: Lab.now)
    }

    @Test(
        "no rule broken, max CPU never rises nor grows with the cap, every guest moved or explained",
        arguments: ClusterShape.allCases, seeds)
    func properties(shape: ClusterShape, seed: UInt64) throws {
        for size in Self.sizes {
            var previous: (cap: Int, maxCPU: Double, moves: Int, remaining: Int?)?
            var uncapped: RecommendationSet?
            var capped: [(cap: Int, moves: Int, remaining: Int?)] = []
            for cap in Self.caps {
                let input = Self.input(shape, nodes: size.nodes, guests: size.guests, seed: seed, cap: cap)
                let plan = Planner.plan(input)
                let label = "\(shape.rawValue) \(size.nodes)/\(size.guests) seed \(seed) cap \(cap)"
                #expect(PlanAudit.violations(plan, input) == [], "\(label)")
                #expect(plan.summary.maxCpuPctAfter <= plan.summary.maxCpuPctBefore, "\(label)")
                #expect(plan.recommendations.count <= cap, "\(label)")
                let moved = plan.recommendations.map(\.vmid)
                let skipped = plan.skipped.map(\.vmid)
                #expect(Set(moved).count == moved.count && Set(skipped).count == skipped.count, "\(label)")
                #expect(Set(moved).isDisjoint(with: skipped), "\(label)")
                #expect(Set(moved).union(skipped) == Set(input.snapshot.guests.map(\.vmid)), "\(label)")
                if let previous {
                    #expect(plan.summary.maxCpuPctAfter <= previous.maxCPU, "\(label) vs cap \(previous.cap)")
                    #expect(plan.recommendations.count >= previous.moves, "\(label)")
                }
                previous = (cap, plan.summary.maxCpuPctAfter, plan.recommendations.count, plan.summary.remainingReliefMoves)
                capped.append((cap, plan.recommendations.count, plan.summary.remainingReliefMoves))
                uncapped = plan
            }
            // A capped plan that stops short of the uncapped one says moves are left (it need not
            // be its start: it cuts the CPU peak first).
            let full = try #require(uncapped)
            if full.summary.remainingReliefMoves == nil {
                for entry in capped where entry.moves == entry.cap && full.recommendations.count > entry.cap {
                    #expect((entry.remaining ?? 0) > 0, "cap \(entry.cap)")
                }
            }
        }
    }

    @Test(
        "where the water level allows, every node ends under its thresholds with moves close to the bound",
        arguments: [ClusterShape.homogeneous, .fewLarge, .manySmall, .antiAffinity], seeds)
    func convergence(shape: ClusterShape, seed: UInt64) {
        for size in Self.sizes {
            let input = Self.input(shape, nodes: size.nodes, guests: size.guests, seed: seed, cap: 1000)
            let bounds = PlanBounds.of(input)
            guard bounds.cpuWaterLevelPct < input.settings.penalties.cpuThreshold - 10, bounds.unrelievable.isEmpty else { continue }
            let plan = Planner.plan(input)
            var after = input
            after.snapshot = PlanApplication.apply(plan, to: input.snapshot)
            let label = "\(shape.rawValue) \(size.nodes)/\(size.guests) seed \(seed)"
            #expect(PlanBounds.of(after).overloaded == [], "\(label)")
            #expect(Double(plan.recommendations.count) <= 1.3 * Double(bounds.moveLowerBound) + 1, "\(label)")
        }
    }

    @Test(
        "small clusters (4 nodes, 20 guests): near the water level with moves close to the bound, every node relieved where it allows",
        arguments: ClusterShape.allCases)
    func smallClusters(shape: ClusterShape) {
        let input = Self.input(shape, nodes: 4, guests: 20, seed: 42, cap: 1000)
        let bounds = PlanBounds.of(input)
        let plan = Planner.plan(input)
        var after = input
        after.snapshot = PlanApplication.apply(plan, to: input.snapshot)
        let threshold = input.settings.penalties.cpuThreshold
        #expect(PlanAudit.violations(plan, input) == [])
        #expect(plan.summary.maxCpuPctAfter <= max(bounds.cpuWaterLevelPct, threshold) + 2)
        #expect(Double(plan.recommendations.count) <= 1.3 * Double(bounds.moveLowerBound))
        if bounds.cpuWaterLevelPct < threshold {
            #expect(PlanBounds.of(after).overloaded == [], "\(shape.rawValue)")
        }
    }

    @Test("bounds: the fewest guests that relieve each node, and the CPU water level")
    func bounds() throws {
        // pve1 at 85 % with six guests of 12.5 %: two must leave. Load 85 + 20 + 30 over three
        // equal nodes: no placement gets the hottest under 45 %.
        let input = PlanInput(snapshot: Lab.hotCluster(), now: Lab.now)
        let bounds = PlanBounds.of(input)
        #expect(bounds.moveLowerBound == 2)
        #expect(bounds.overloaded == ["pve1"])
        #expect(bounds.unrelievable.isEmpty)
        #expect(abs(bounds.cpuWaterLevelPct - 45) < 0.01)
        // A guest no other node has the storage for keeps its node at least at its own load.
        let pinned = Lab.snapshot(
            [Lab.node("pve1", cpu: 90, memory: 40, storages: ["zfs"]), Lab.node("pve2", cpu: 10, memory: 40)],
            [Lab.guest(101, on: "pve1", cores: 25.6, storages: ["zfs"])])
        let island = PlanBounds.of(PlanInput(snapshot: pinned, now: Lab.now))
        #expect(abs(island.cpuWaterLevelPct - 90) < 0.01)
        #expect(island.unrelievable.isEmpty && island.moveLowerBound == 1)
        #expect(Planner.plan(PlanInput(snapshot: pinned, now: Lab.now)).recommendations.isEmpty)
        // An island (pve1, pve2 share storage "a") holds its own guests, filled over it alone; a
        // node whose load cannot leave (pve2's 60 %) stays at least there.
        let islands = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 90, memory: 40, storages: ["a"]), Lab.node("pve2", cpu: 10, memory: 40, storages: ["a"]),
                Lab.node("pve3", cpu: 10, memory: 40, storages: ["b"]), Lab.node("pve4", cpu: 10, memory: 40, storages: ["b"]),
            ],
            (0..<4).map { Lab.guest(101 + $0, on: "pve1", cores: 7.2, storages: ["a"]) })
        #expect(abs(PlanBounds.of(PlanInput(snapshot: islands, now: Lab.now)).cpuWaterLevelPct - 50) < 0.01)
        let busy = Lab.snapshot(
            [Lab.node("pve1", cpu: 30, memory: 40), Lab.node("pve2", cpu: 60, memory: 40), Lab.node("pve3", cpu: 0, memory: 40)],
            [Lab.guest(101, on: "pve1", cores: 9.6)])
        #expect(abs(PlanBounds.of(PlanInput(snapshot: busy, now: Lab.now)).cpuWaterLevelPct - 60) < 0.01)
    }

    @Test("best max CPU by exhaustive search: guests do not split, so it can be above the water level")
    func bestMaxCPU() throws {
        // Three guests of 20 % on pve1, pve2 empty: the water level is 30 %, the best placement 40 %.
        let snapshot = Lab.snapshot(
            [Lab.node("pve1", cpu: 60, memory: 40), Lab.node("pve2", cpu: 0, memory: 40)],
            (0..<3).map { Lab.guest(101 + $0, on: "pve1", cores: 6.4) })
        let input = PlanInput(snapshot: snapshot, now: Lab.now)
        #expect(abs(PlanBounds.of(input).cpuWaterLevelPct - 30) < 0.01)
        let best = try #require(PlanBounds.bestMaxCPU(input))
        #expect(abs(best - 40) < 0.01)
        #expect(PlanBounds.bestMaxCPU(input, budget: 1) == nil)
        // pve1 (66 %, three 22 % guests) is under pressure, pve3 (45 %, three 15 %) is not: evened
        // out all nodes reach 37 %; moving only pve1's guests, pve3 stays the hottest at 45 %.
        let healthy = Lab.snapshot(
            [Lab.node("pve1", cpu: 66, memory: 40), Lab.node("pve2", cpu: 0, memory: 40), Lab.node("pve3", cpu: 45, memory: 40)],
            (0..<3).map { Lab.guest(101 + $0, on: "pve1", cores: 7.04) } + (0..<3).map { Lab.guest(301 + $0, on: "pve3", cores: 4.8) })
        let both = PlanInput(snapshot: healthy, now: Lab.now)
        #expect(abs(try #require(PlanBounds.bestMaxCPU(both)) - 37) < 0.01)
        #expect(abs(try #require(PlanBounds.bestMaxCPU(both, reliefOnly: true)) - 45) < 0.01)
    }
}
