import Foundation
import ScoringEngine
import ScoringSvc
import Testing

@Suite("History: trend analysis")
struct HistoryTrendAnalysisTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Samples of `cpu` every `hours` hours from `start`.
    func samples(_ cpu: [Double], everyHours hours: Double) -> [NodeSample] {
        cpu.enumerated().map { index, value in
            NodeSample(node: "pve1", at: Self.start.addingTimeInterval(Double(index) * hours * 3600), cpuPct: value)
        }
    }

    @Test("a rising line: +2 % every 6 h is +8 % per day with a perfect fit")
    func risingLine() throws {
        let trend = try #require(TrendAnalysis.trend(samples: samples([10, 12, 14, 16], everyHours: 6)))
        #expect(abs(trend.cpuSlopePctPerDay - 8) < 1e-9)
        #expect(abs(trend.cpuR2 - 1) < 1e-9)
        #expect(trend.samples == 4)
        // mean 13, population sd √5 = 2.2361, cv 0.17201 → 90 − 200 × 0.07201 = 75.599
        #expect(abs(trend.cpuStability - (90 - 200 * (5.0.squareRoot() / 13 - 0.1))) < 1e-9)
        #expect(abs(trend.cpuStability - 75.599) < 0.001)
    }

    @Test("a flat line: no slope, nothing to explain, fully stable")
    func flatLine() throws {
        let trend = try #require(TrendAnalysis.trend(samples: samples([50, 50, 50, 50, 50], everyHours: 1)))
        #expect(trend.cpuSlopePctPerDay == 0)
        #expect(trend.cpuR2 == 0)
        #expect(trend.samples == 5)
        #expect(trend.cpuStability == 100)
    }

    @Test("a noisy series: 40/60 alternating daily")
    func noisy() throws {
        // x̄ 1.5, ȳ 50, Sxx 5, Sxy 20, Syy 400 → slope 4 %/day, R² 400 / (5 × 400) = 0.2;
        // sd 10, cv 0.2 → stability 90 − 200 × 0.1 = 70.
        let trend = try #require(TrendAnalysis.trend(samples: samples([40, 60, 40, 60], everyHours: 24)))
        #expect(abs(trend.cpuSlopePctPerDay - 4) < 1e-9)
        #expect(abs(trend.cpuR2 - 0.2) < 1e-9)
        #expect(abs(trend.cpuStability - 70) < 1e-9)
    }

    @Test("a spiky series is barely stable: cv 0.8 floors at 5")
    func spiky() throws {
        let trend = try #require(TrendAnalysis.trend(samples: samples([10, 90, 10, 90], everyHours: 1)))
        #expect(trend.cpuStability == 5)
    }

    @Test("order of the samples does not matter")
    func unordered() throws {
        let ordered = try #require(TrendAnalysis.trend(samples: samples([10, 12, 14, 16], everyHours: 6)))
        let shuffled = try #require(TrendAnalysis.trend(samples: samples([10, 12, 14, 16], everyHours: 6).reversed()))
        #expect(abs(ordered.cpuSlopePctPerDay - shuffled.cpuSlopePctPerDay) < 1e-9)
    }

    @Test("fewer than four samples give no trend")
    func tooFew() {
        #expect(TrendAnalysis.trend(samples: samples([10, 20, 30], everyHours: 1)) == nil)
        #expect(TrendAnalysis.trend(samples: []) == nil)
    }

    @Test(
        "stability bands from the coefficient of variation",
        arguments: [(0.0, 100.0), (0.05, 95), (0.10, 90), (0.15, 80), (0.20, 70), (0.30, 50), (0.35, 40), (0.50, 25), (1.0, 5)])
    func bands(cv: Double, expected: Double) {
        #expect(abs(TrendAnalysis.stability(cv: cv) - expected) < 1e-9)
    }

    @Test("the summary leaves out nodes with too little history")
    func summary() {
        let history = TrendAnalysis.summary([
            "pve1": samples([10, 12, 14, 16], everyHours: 6),
            "pve2": samples([10, 12], everyHours: 6),
        ])
        #expect(Set(history.keys) == ["pve1"])
    }

    @Test("hourly baselines: mean and deviation per UTC hour, only with three samples or more")
    func hourlyBaselines() throws {
        // Three days of samples every 12 h: hours h and h+12 each get 3 samples; a fourth day adds one at h.
        let cpu: [Double] = [40, 80, 44, 84, 36, 76, 40]
        let baselines = TrendAnalysis.hourlyBaselines(samples(cpu, everyHours: 12))
        let hour = Int(Self.start.timeIntervalSince1970 / 3600) % 24
        #expect(baselines.count == 2)
        let morning = try #require(baselines[hour])
        #expect(morning.samples == 4)
        #expect(abs(morning.meanPct - 40) < 1e-9)
        #expect(abs(morning.deviationPct - 8.0.squareRoot()) < 1e-9)
        let evening = try #require(baselines[(hour + 12) % 24])
        #expect(abs(evening.meanPct - 80) < 1e-9)
        #expect(TrendAnalysis.hourlyBaselines(samples([40, 80, 44, 84], everyHours: 12)).isEmpty)
        #expect(morning.isUsual(40 + 2 * 8.0.squareRoot(), sigma: 2))
        #expect(!morning.isUsual(46, sigma: 2))
    }
}
