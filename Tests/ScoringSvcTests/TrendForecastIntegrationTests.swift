import Contract
import Foundation
import Logging
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

@testable import PVESimulator

/// The simulator's load model → snapshots at a fast simulated clock → the scorer (real SQLite
/// history, injected clock) → its published plans.
@Suite("Trends: forecasts from a simulated growing load", .timeLimit(.minutes(2)))
struct TrendForecastIntegrationTests {
    /// Monday 2027-01-04 00:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_799_020_800)

    /// pve1: a guest growing 5 % a day takes the node from about 50 % CPU across the 60 %
    /// threshold in about five days. pve2: a guest with a strong daily peak (up to about 55 %)
    /// that recovers every night. pve3: idle.
    static func scenario() -> Scenario {
        let nodes = ["pve1", "pve2", "pve3"].map { ScenarioNode(name: $0, cpus: 16) }
        let guests = [
            ScenarioGuest(
                vmid: 101, name: "web", node: "pve1", cores: 12, memoryMib: 8192,
                workload: ScenarioWorkload(cpu: 0.6, dailyAmplitude: 0.05, trendPerDay: 0.05, noise: 0.03)),
            ScenarioGuest(
                vmid: 111, type: .lxc, name: "syncthing", node: "pve1", cores: 2, memoryMib: 2048,
                workload: ScenarioWorkload(cpu: 0.05, dailyAmplitude: 0, noise: 0.03)),
            ScenarioGuest(
                vmid: 102, name: "batch", node: "pve2", cores: 8, memoryMib: 4096,
                workload: ScenarioWorkload(cpu: 0.6, dailyAmplitude: 0.7, peakHour: 14, noise: 0.03)),
        ]
        return Scenario(
            cluster: ServiceFixtures.cluster, clock: ScenarioClock(speed: 1, historyDays: 1, start: start.timeIntervalSince1970),
            nodes: nodes, guests: guests)
    }

    /// The fixture snapshot with every node's CPU and the running guests' CPU as the
    /// simulator has them at `at`.
    static func snapshot(_ simulator: SimulatorCore, at: Date, cycle: Int) -> ClusterSnapshot {
        var snapshot = ServiceFixtures.snapshot(at: at, cycle: cycle)
        let t = at.timeIntervalSince1970
        snapshot.nodes = snapshot.nodes.map { node in
            var node = node
            node.memoryPct = 40
            node.memoryUsedBytes = (node.memoryTotalBytes ?? 0) * 4 / 10
            if let index = simulator.model.nodeIndex[node.name] { node.cpuPct = simulator.sample(node: index, at: t).cpu * 100 }
            return node
        }
        snapshot.guests[2].status = "running"
        snapshot.guests = snapshot.guests.map { guest in
            var guest = guest
            if let index = simulator.model.guests.firstIndex(where: { $0.spec.vmid == guest.vmid }) {
                guest.cpuPct = simulator.sample(guest: index, at: t).cpu * 100
            }
            return guest
        }
        return snapshot
    }

    @Test("a node under a guest growing 5 %/day gets a forecast before it crosses; a node with a daily peak that recovers gets none")
    func forecastBeforeCrossing() async throws {
        let directory = try TemporaryDirectory(prefix: "scoring-trend-forecast")
        defer { directory.remove() }
        let logger = Logger(label: "trend-forecast-test")
        let clock = TestClock(Self.start)
        let simulator = SimulatorCore(scenario: Self.scenario(), sslFingerprint: nil, realStart: Self.start)
        let scorer = try await Scorer(
            database: try ScoringDatabase.open(directory: directory.path, logger: logger), bus: RecordingBus(),
            topics: Topics(cluster: ServiceFixtures.cluster), now: { clock.now }, logger: logger)

        var firstForecast: (at: Date, forecast: TrendForecast)?
        var crossing: Date?
        var pve2Forecasts = 0
        var pve1States: Set<String> = []
        var lastPlan: RecommendationSet?
        // Eight simulated days, a snapshot every 30 minutes.
        for cycle in 1...(8 * 48) {
            let snapshot = Self.snapshot(simulator, at: clock.now, cycle: cycle)
            await scorer.receive(snapshot)
            let state = await scorer.state()
            let plan = try #require(state.plan)
            if crossing == nil, let cpu = snapshot.nodes[0].cpuPct, cpu >= 60 { crossing = clock.now }
            if firstForecast == nil, let forecast = plan.forecasts?.first(where: { $0.node == "pve1" && $0.metric == "cpu_pct" }) {
                firstForecast = (clock.now, forecast)
            }
            lastPlan = plan
            pve2Forecasts += plan.forecasts?.filter { $0.node == "pve2" }.count ?? 0
            if let input = state.input, let pve1 = TrendAdvisor.state(of: "pve1", input) { pve1States.insert(pve1.state.rawValue) }
            clock.advance(1800)
        }

        let crossed = try #require(crossing)
        let (forecastAt, forecast) = try #require(firstForecast)
        #expect(forecastAt < crossed.addingTimeInterval(-12 * 3600), "forecast at \(forecastAt), crossing at \(crossed)")
        #expect(forecast.threshold == 60)
        // 5 % a day of the guest's 45 % share of the node: about 2.25 points a day.
        #expect(forecast.ratePerDay > 1.5 && forecast.ratePerDay < 3.5)
        #expect(forecast.hoursToThreshold > 0 && forecast.hoursToThreshold <= 48)
        #expect(abs(forecast.estimatedCrossingAt.timeIntervalSince(forecastAt) - forecast.hoursToThreshold * 3600) < 360)
        #expect(abs(forecast.estimatedCrossingAt.timeIntervalSince(crossed)) < 36 * 3600)
        #expect(forecast.drivers.map(\.vmid) == [101])
        #expect(forecast.dataQuality.spanHours > 24)
        #expect(pve2Forecasts == 0)
        #expect(pve1States.contains(NodeTrendState.trendingTowardOverload.rawValue))

        // Once over the threshold, the move off pve1 carries its trends and says why in words.
        let move = try #require(lastPlan?.recommendations.first { $0.source == "pve1" })
        let evidence = try #require(move.trendEvidence)
        #expect(evidence.source?.state == NodeTrendState.overloaded.rawValue)
        #expect(evidence.source?.cpuDirection == TrendDirection.rising.rawValue)
        #expect(evidence.target?.cpuDirection != nil)
        #expect(move.urgency >= .high)
        let explanation = try #require(move.decisionExplanation)
        #expect(explanation.hasPrefix("Source 'pve1' is at"))
        #expect(explanation.contains("Target '\(move.target)'"))
        #expect(explanation.contains("\(move.type == .qemu ? "VM" : "CT") \(move.vmid)"))
        if move.vmid == 101 {
            #expect(evidence.guest?.behaviour == GuestBehaviour.growing.rawValue)
            #expect(explanation.contains("is growing"))
        }
    }
}
