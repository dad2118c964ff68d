import Contract
import Foundation
import ScoringEngine
import Testing

@Suite("protect_running_workloads: a guest stays put during its own detected peak")
struct PeakProtectionTests {
    /// Friday 08:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A cyclical CPU trend for a guest with a daily (or weekly) cycle peaking at `peakHours`.
    static func trend(daily: [Int]? = nil, weekly: [Int]? = nil) -> GuestTrend {
        let cycle = { (period: Int, hours: [Int]?) in
            hours.map { TrendCycle(periodHours: period, strength: 0.8, peakHours: $0, amplitude: 20) }
        }
        let cpu = MetricTrend(
            direction: .stable, ratePerDay: 0, r2: 0, confidence: .medium, stability: 60, current: 60, recent: 60,
            level: 50, baseline: nil, hoursToThreshold: nil, dailyCycle: cycle(24, daily), weeklyCycle: cycle(168, weekly),
            coverage: TrendCoverage(samples: 500, spanHours: 168, gapHours: 0, gaps: 0))
        return GuestTrend(cpu: cpu, growthPctPerDay: 0, behaviour: .cyclical)
    }

    /// The plan for the fixture cluster, where the web VM (101) on pve1 moves to pve3 unprotected.
    static func plan(_ trend: GuestTrend, protect: Bool = true, maintenance: Set<String> = []) -> RecommendationSet {
        var settings = ScoringSettings()
        settings.protectRunningWorkloads = protect
        var input = PlanInput(
            snapshot: ServiceFixtures.snapshot(at: now), maintenance: maintenance, settings: settings, now: now)
        input.trends = ClusterTrends(guests: [101: trend])
        return Planner.plan(input)
    }

    @Test("at its daily peak hour the web VM is skipped as in_peak, with the peak's hours")
    func inDailyPeak() throws {
        let plan = Self.plan(Self.trend(daily: [7, 8, 9, 18]))
        #expect(!plan.recommendations.contains { $0.vmid == 101 })
        let skipped = try #require(plan.skipped.first { $0.vmid == 101 })
        #expect(skipped.reason == .inPeak)
        #expect(
            skipped.detail
                == "VM 101 (web) runs its daily peak at 07:00–10:00 UTC; protect_running_workloads keeps it in place until it ends"
        )
    }

    @Test("at its weekly peak hour the web VM is skipped, naming the days")
    func inWeeklyPeak() throws {
        let plan = Self.plan(Self.trend(weekly: [103, 104, 105]))  // Friday 07:00–10:00
        let skipped = try #require(plan.skipped.first { $0.vmid == 101 })
        #expect(skipped.reason == .inPeak)
        #expect(skipped.detail.contains("weekly peak on Fri 07:00–Fri 10:00 UTC"))
    }

    @Test("off its peak hours the same web VM moves")
    func offPeak() {
        let plan = Self.plan(Self.trend(daily: [18, 19, 20], weekly: [10]))
        #expect(plan.recommendations.first { $0.vmid == 101 }?.target == "pve3")
        #expect(!plan.skipped.contains { $0.reason == .inPeak })
    }

    @Test("with protect_running_workloads off the web VM moves during its peak")
    func settingOff() {
        let plan = Self.plan(Self.trend(daily: [8]), protect: false)
        #expect(plan.recommendations.first { $0.vmid == 101 }?.target == "pve3")
    }

    @Test("evacuating a node in maintenance moves the web VM during its peak")
    func evacuation() {
        let plan = Self.plan(Self.trend(daily: [8]), maintenance: ["pve1"])
        let move = plan.recommendations.first { $0.vmid == 101 }
        #expect(move?.kind == .maintenanceEvacuation)
        #expect(!plan.skipped.contains { $0.reason == .inPeak })
    }

    @Test("a peak run wraps around midnight")
    func wrappingPeak() throws {
        let cycle = TrendCycle(periodHours: 24, strength: 0.8, peakHours: [0, 1, 8, 22, 23], amplitude: 5)
        let midnight = Date(timeIntervalSince1970: 1_800_000_000 - 8 * 3600)  // 00:00 UTC
        let peak = try #require(cycle.peak(containing: midnight))
        #expect(peak.first == 22 && peak.last == 1)
        #expect(cycle.peak(containing: midnight.addingTimeInterval(3 * 3600)) == nil)
    }
}
