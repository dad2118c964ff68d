import Foundation
import ScoringEngine
import ScoringSvc
import Testing

/// Threshold suggestions from crafted node series.
@Suite("Thresholds: advisor")
struct ThresholdAdvisorTests {
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// An hourly series of `hours` points whose `metric` p95 is `value(hour)`.
    private static func series(_ node: String, hours: Int, _ values: [String: (Int) -> Double]) -> HistorySeries {
        let points = (0..<hours).map { hour in
            HistorySeries.Point(
                at: start.addingTimeInterval(Double(hour) * 3600), samples: 60,
                values: values.mapValues { value in
                    let v = value(hour)
                    return MetricStats(min: v / 2, max: v, avg: v * 0.8, p95: v)
                })
        }
        return HistorySeries(
            node: node, vmid: nil, from: start, to: start.addingTimeInterval(Double(hours) * 3600), stepSeconds: 3600,
            metrics: Array(values.keys), points: points,
            coverage: HistorySeries.Coverage(
                samples: hours * 60, first: points.first?.at, last: points.last?.at, spanSeconds: 0, gaps: [], gapSeconds: 0))
    }

    @Test("a week on two nodes: the 95th percentile of the hourly 95th percentiles plus the margin, with high confidence")
    func knownPercentile() throws {
        // 200 hourly p95 values 0.3, 0.6, …, 60: the 190th (nearest rank) is 57.
        let one = Self.series("pve1", hours: 100, ["cpu_pct": { Double($0 + 1) * 0.3 }, "memory_pct": { _ in 85 }])
        let two = Self.series("pve2", hours: 100, ["cpu_pct": { Double($0 + 101) * 0.3 }, "memory_pct": { _ in 40 }])
        var longer = two
        longer.points += Self.series("pve2", hours: 168, ["memory_pct": { _ in 40 }]).points.suffix(68)
        let suggestions = ThresholdAdvisor.suggest([one, longer], current: PenaltyConfiguration())
        #expect(suggestions.map(\.setting) == ["penalties.cpu_threshold", "penalties.mem_threshold"])
        let cpu = try #require(suggestions.first)
        #expect(cpu.busyLevel == 57)
        #expect(cpu.suggested == 67)
        #expect(cpu.current == 60)
        #expect(cpu.nodesWithData == 2)
        #expect(cpu.daysCovered == 4.2)
        #expect(cpu.confidence == .medium)
        #expect(cpu.reasoning.contains("57% CPU") && cpu.reasoning.contains("67%") && cpu.reasoning.contains("60% now"))
        let memory = try #require(suggestions.last)
        #expect(memory.busyLevel == 85)
        #expect(memory.suggested == 90)
        #expect(memory.reasoning.contains("held at the 90% maximum"))
        #expect(memory.daysCovered == 7)
        #expect(memory.confidence == .high)
    }

    @Test("a few hours on one node give low confidence; a quiet cluster is held at the minimum; no points, no suggestion")
    func littleHistory() throws {
        let suggestions = ThresholdAdvisor.suggest(
            [Self.series("pve1", hours: 3, ["iowait_pct": { _ in 1 }]), Self.series("pve2", hours: 0, [:])], current: PenaltyConfiguration())
        let iowait = try #require(suggestions.first)
        #expect(suggestions.count == 1)
        #expect(iowait.setting == "penalties.iowait_threshold")
        #expect(iowait.suggested == 10)
        #expect(iowait.nodesWithData == 1)
        #expect(iowait.daysCovered == 0.1)
        #expect(iowait.confidence == .low)
        #expect(iowait.reasoning.contains("raised to the 10% minimum"))
        #expect(ThresholdAdvisor.suggest([], current: PenaltyConfiguration()).isEmpty)
    }
}
