import Contract
import Foundation
import ScoringEngine
import Testing

@Suite("Trends: penalties on targets trending up or above their baseline")
struct TrendPenaltyTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A flat CPU trend at `current` whose usual level at this hour is `usual` ± 1.
    static func trend(current: Double, usual: Double) -> NodeTrends {
        let baseline = TrendBaseline(basis: "hour_of_day", mean: usual, sigma: 1, samples: 6, deviationSigma: current - usual)
        let cpu = MetricTrend(
            direction: .stable, ratePerDay: 0, r2: 0, confidence: .low, stability: 95, current: current, recent: current,
            level: current, baseline: baseline, hoursToThreshold: nil, dailyCycle: nil, weeklyCycle: nil,
            coverage: TrendCoverage(samples: 100, spanHours: 72, gapHours: 0, gaps: 0))
        return NodeTrends(cpu: cpu, memory: nil)
    }

    static func target(_ input: PlanInput) -> String? {
        Planner.plan(input).recommendations.first { $0.vmid == 101 }?.target
    }

    @Test("without trends the web VM goes to the coolest node, pve3")
    func reference() {
        #expect(Self.target(PlanInput(snapshot: ServiceFixtures.snapshot(at: Self.now), now: Self.now)) == "pve3")
    }

    @Test("a node far above its usual CPU for this hour is penalised")
    func aboveBaseline() throws {
        var input = PlanInput(snapshot: ServiceFixtures.snapshot(at: Self.now), now: Self.now)
        input.trends = ClusterTrends(nodes: ["pve3": Self.trend(current: 18, usual: 4), "pve2": Self.trend(current: 21, usual: 20)])
        let scores = Planner.scores(input).nodes
        let pve3 = try #require(scores.first { $0.node == "pve3" }?.score)
        let penalty = try #require(pve3.penalties.first { $0.family == PenaltyFamily.cpuAboveBaseline.rawValue })
        #expect(penalty.reason == "CPU 14 σ above its usual for this hour > 2 σ")
        #expect(scores.first { $0.node == "pve2" }?.score?.penalties.contains { $0.family == "cpu_above_baseline" } == false)
    }

    @Test("a target trending up is passed over even with more headroom today")
    func trendingTarget() {
        // pve3 at 18 % rising 14 points a day: with the web VM (about 15 points) it would pass 60 % within 48 h.
        let rising = NodeTrend(cpuSlopePctPerDay: 14, cpuR2: 0.9, samples: 100, cpuStability: 60)
        let input = PlanInput(snapshot: ServiceFixtures.snapshot(at: Self.now), history: ["pve3": rising], now: Self.now)
        #expect(Self.target(input) == "pve2")
        let pve3 = Planner.scores(input).nodes.first { $0.node == "pve3" }?.score?.penalties.map(\.family) ?? []
        #expect(pve3.contains("cpu_trend") && !pve3.contains("cpu_projected"))  // not yet: 18 + 28 = 46 %
    }
}
