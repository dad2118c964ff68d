import Contract
import Foundation
import TestSupport
import Testing

@testable import ScoringEngine
@testable import ScoringSvc

/// Which nodes relief works on and which guests it sends away.
@Suite("Engine: relief choices")
struct EngineReliefChoiceTests {
    /// `node` with CPU averages of `avg` % over the last day and week (time-weighted 0.5 / 0.3 / 0.2).
    static func withCPUHistory(_ node: NodeState, avg: Double) -> NodeState {
        var node = node
        node.history = NodeHistory(
            cpuPct: MetricHistory(
                lastDay: WindowStats(avg: avg, max: avg, samples: 1440), lastWeek: WindowStats(avg: avg, max: avg, samples: 10080)),
            memoryPct: MetricHistory(), iowaitPct: MetricHistory(), load1: MetricHistory())
        return node
    }

    @Test("a node above the CPU threshold now is relieved even when its time-weighted CPU is under it")
    func currentCPUAboveThreshold() throws {
        // pve1: 76 % now, 40 % over the last day and week: 0.5 × 76 + 0.5 × 40 = 58 % time-weighted.
        let snapshot = Lab.snapshot(
            [
                Self.withCPUHistory(Lab.node("pve1", cpu: 76, memory: 40), avg: 40),
                Lab.node("pve2", cpu: 20, memory: 30), Lab.node("pve3", cpu: 25, memory: 30),
            ],
            (0..<6).map { Lab.guest(101 + $0, on: "pve1", cores: 4) })
        let input = PlanInput(snapshot: snapshot, now: Lab.now)
        let bounds = PlanBounds.of(input)
        #expect(bounds.overloaded == ["pve1"])
        // 16 points over at 12.5 points a guest: two guests.
        #expect(bounds.moveLowerBound == 2)
        let plan = Planner.plan(input)
        #expect(plan.status == .recommendations)
        #expect(plan.recommendations.count == 2)
        #expect(plan.recommendations.allSatisfy { $0.source == "pve1" && $0.reason.primaryReason == "cpu_overload" })
        let first = try #require(plan.recommendations.first)
        #expect(first.reason.summary.contains("pve1 has high CPU (76 % now, 58 % time-weighted, threshold 60 %)"))
        // 76 % is 16 points over: past offset 1 (10), not offset 2 (20).
        #expect(first.urgency == .high)
        let pve1 = try #require(plan.summary.nodes.first { $0.node == "pve1" })
        #expect(pve1.cpuPctAfter <= 60)
        var after = input
        after.snapshot = PlanApplication.apply(plan, to: snapshot)
        #expect(PlanBounds.of(after).overloaded.isEmpty)
    }

    @Test("the move lower bound counts a node over on CPU and memory as needing guests that cover both")
    func boundCoversBothNeeds() throws {
        // pve1: 20 points over on CPU (32 threads) and 20 over the memory floor (128 GiB). Two
        // CPU-heavy guests (12.5 CPU points each) cover the CPU need, two memory-heavy idle ones
        // (28 GiB = 21.9 points together) the memory need: no guest covers much of both, so four.
        let guests = [
            Lab.guest(101, on: "pve1", cores: 4, memoryGiB: 1, maxGiB: 2), Lab.guest(102, on: "pve1", cores: 4, memoryGiB: 1, maxGiB: 2),
            Lab.guest(103, on: "pve1", cores: 0.05, memoryGiB: 14, maxGiB: 16),
            Lab.guest(104, on: "pve1", cores: 0.05, memoryGiB: 14, maxGiB: 16),
        ]
        let snapshot = Lab.snapshot(
            [
                Lab.node("pve1", cpu: 80, memory: 85), Lab.node("pve2", cpu: 20, memory: 30, memoryGiB: 256),
                Lab.node("pve3", cpu: 25, memory: 30, memoryGiB: 256),
            ],
            guests)
        let input = PlanInput(snapshot: snapshot, now: Lab.now)
        #expect(PlanBounds.of(input).moveLowerBound == 4)
        let plan = Planner.plan(input)
        // The bound holds: the plan that relieves pve1 needs all four.
        #expect(Set(plan.recommendations.map(\.vmid)) == [101, 102, 103, 104])
        var after = input
        after.snapshot = PlanApplication.apply(plan, to: snapshot)
        #expect(PlanBounds.of(after).overloaded.isEmpty)
    }

    /// A trustworthy CPU trend growing `growth` % of the guest's mean per day.
    static func growing(_ growth: Double) -> GuestTrend {
        let cpu = MetricTrend(
            direction: .rising, ratePerDay: growth / 100 * 50, r2: 0.9, confidence: .high, stability: 80, current: 55,
            recent: 54, level: 50, baseline: nil, hoursToThreshold: nil, dailyCycle: nil, weeklyCycle: nil,
            coverage: TrendCoverage(samples: 500, spanHours: 168, gapHours: 0, gaps: 0))
        return GuestTrend(cpu: cpu, growthPctPerDay: growth, behaviour: .growing)
    }

    /// pve1 10 points over with guests 101 and 102 (4 cores, each enough alone) and 103
    /// (2 cores), planned with `trends`.
    static func growthPlan(_ trends: [Int: GuestTrend]) -> RecommendationSet {
        let snapshot = Lab.snapshot(
            [Lab.node("pve1", cpu: 70, memory: 50), Lab.node("pve2", cpu: 20, memory: 30), Lab.node("pve3", cpu: 25, memory: 30)],
            [Lab.guest(101, on: "pve1", cores: 4), Lab.guest(102, on: "pve1", cores: 4), Lab.guest(103, on: "pve1", cores: 2)])
        var input = PlanInput(snapshot: snapshot, now: Lab.now)
        input.trends = ClusterTrends(guests: trends)
        return Planner.plan(input)
    }

    @Test("of two guests giving the same relief, the one whose load grows leaves, and its reason says so")
    func growingGuestPreferred() throws {
        let unchanged = Self.growthPlan([:])
        #expect(unchanged.recommendations.map(\.vmid) == [102])
        #expect(!unchanged.recommendations[0].reason.contributingFactors.contains { $0.factor == "guest_growth" })

        let plan = Self.growthPlan([101: Self.growing(5)])
        #expect(plan.recommendations.map(\.vmid) == [101])
        let move = try #require(plan.recommendations.first)
        let factor = try #require(move.reason.contributingFactors.first { $0.factor == "guest_growth" })
        #expect(factor.value == 5)
        #expect(move.reason.summary.contains("of the guests giving similar relief it grows fastest (5.0 %/day)"))
        #expect(
            move.decisionExplanation?.contains("is growing +5.0 %/day and is a key contributor, so it moves ahead of guests giving similar relief")
                == true)

        // Of two growing guests, the faster.
        let both = Self.growthPlan([101: Self.growing(5), 102: Self.growing(2)])
        #expect(both.recommendations.map(\.vmid) == [101])
        #expect(both.recommendations.first?.reason.contributingFactors.contains { $0.factor == "guest_growth" } == true)

        // A growing guest that relieves much less is not chosen over one that relieves alone.
        let smaller = Self.growthPlan([103: Self.growing(5)])
        #expect(smaller.recommendations.map(\.vmid) == [102])
        #expect(!smaller.recommendations[0].reason.contributingFactors.contains { $0.factor == "guest_growth" })
    }

    @Test("a CPU-hot node and a memory-bound node swap guests where neither one-way move is allowed")
    func swapBreaksOneWayDeadlock() throws {
        // pve1: 71 % CPU of busy, memory-light guests; pve2: 7 % CPU, 80 % memory (over the 65 %
        // floor) of idle, memory-heavy guests. pve2 may take no memory and pve1 no CPU, so no
        // guest may move alone; g201 (20 GiB, 0.6 CPU points) to pve1 and then g101 (20 CPU
        // points, 2 GiB) to pve2 bring pve1 to about 51 %.
        let snapshot = Self.swapCluster()
        let input = PlanInput(snapshot: snapshot, now: Lab.now)
        let plan = Planner.plan(input)
        #expect(plan.status == .recommendations)
        #expect(plan.recommendations.map(\.vmid) == [201, 101])
        let memoryFirst = try #require(plan.move(201))
        let cpuSecond = try #require(plan.move(101))
        #expect(memoryFirst.source == "pve2" && memoryFirst.target == "pve1" && memoryFirst.dependsOn.isEmpty)
        // g101 waits for g201 to free pve2's memory.
        #expect(cpuSecond.source == "pve1" && cpuSecond.target == "pve2" && cpuSecond.dependsOn == [memoryFirst.step])
        #expect(memoryFirst.reason.summary.contains("swaps places with VM 101"))
        #expect(cpuSecond.reason.contributingFactors.contains { $0.factor == "swap" && $0.value == 201 })
        let pve1 = try #require(plan.summary.nodes.first { $0.node == "pve1" })
        #expect(abs(pve1.cpuPctAfter - 51.6) < 0.5)
        #expect(plan.summary.maxCpuPctAfter < 52)
        #expect(PlanAudit.violations(plan, input) == [])
        // A cap of one move leaves the swap out whole.
        var capped = ScoringSettings()
        capped.maxMovesPerPlan = 1
        #expect(Lab.plan(snapshot, settings: capped).recommendations.isEmpty)
        // min_confidence leaves out both halves when it refuses either.
        for refused in [0, 1] {
            var halves = plan.recommendations
            halves[refused].confidence = 10
            let (kept, skipped) = ConfidenceGate.apply(halves, minimum: 50)
            #expect(kept.isEmpty)
            #expect(Set(skipped.map(\.vmid)) == [201, 101])
        }
    }

    /// pve1 at 71 % CPU with busy, memory-light guests (g101: 6.4 cores); pve2 at 7 % CPU and
    /// 80 % memory with idle, memory-heavy ones (g201: 20 GiB of 24), plus `extra` guests.
    static func swapCluster(extra: [GuestState] = []) -> ClusterSnapshot {
        let guests =
            [Lab.guest(101, on: "pve1", cores: 6.4, memoryGiB: 2, maxGiB: 4)]
            + (102...105).map { Lab.guest($0, on: "pve1", cores: 4, memoryGiB: 2, maxGiB: 4) }
            + [Lab.guest(201, on: "pve2", cores: 0.2, memoryGiB: 20, maxGiB: 24)]
            + (202...204).map { Lab.guest($0, on: "pve2", cores: 0.5, memoryGiB: 20, maxGiB: 24) }
        return Lab.snapshot([Lab.node("pve1", cpu: 71, memory: 40), Lab.node("pve2", cpu: 7, memory: 80)], guests + extra)
    }

    @Test("no swap is made when the memory-heavy guest would break the memory gate of the hot node")
    func swapKeepsMemoryGate() {
        // A stopped guest commits 96 GiB of pve1's 128: no 24 GiB guest of pve2 fits under 95 %.
        let stopped = Lab.guest(106, on: "pve1", cores: 0, memoryGiB: 0, maxGiB: 96, status: "stopped")
        let plan = Lab.plan(Self.swapCluster(extra: [stopped]))
        #expect(plan.recommendations.isEmpty)
        #expect(plan.summary.maxCpuPctAfter == 71)
    }
}
