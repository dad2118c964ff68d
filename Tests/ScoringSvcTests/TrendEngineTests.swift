import Foundation
import PVESimulator
import ScoringEngine
import Testing

/// Synthetic series: a known slope, daily and weekly cycles, deterministic noise and anomalies.
enum SyntheticSeries {
    /// Monday 2027-01-04 00:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_799_020_800)

    /// `base + slope·days + daily·cos(peak at `peakHour`) + weekly·cos(peak Wednesday) ± noise`
    /// every `stepMinutes` for `days` days.
    static func make(
        days: Double, stepMinutes: Double = 60, base: Double = 30, slopePerDay: Double = 0, daily: Double = 0,
        peakHour: Double = 14, weekly: Double = 0, noise: Double = 0, seed: UInt64 = 1
    ) -> [TrendPoint] {
        var random = SplitMix64(seed: seed)
        let count = Int(days * 24 * 60 / stepMinutes)
        return (0..<count).map { index in
            let at = start.addingTimeInterval(Double(index) * stepMinutes * 60)
            let t = at.timeIntervalSince(start)
            let hourOfDay = t.truncatingRemainder(dividingBy: 86_400) / 3600
            let dayOfWeek = t / 86_400  // 0 = Monday
            var value = base + slopePerDay * t / 86_400
            value += daily * cos(2 * .pi * (hourOfDay - peakHour) / 24)
            value += weekly * cos(2 * .pi * (dayOfWeek - 2 - peakHour / 24) / 7)
            value += noise * (2 * random.unit() - 1)
            return TrendPoint(at: at, value: value)
        }
    }

    static func end(_ points: [TrendPoint]) -> Date { points.last!.at.addingTimeInterval(60) }
}

@Suite("Trends: the engine over synthetic series")
struct TrendEngineTests {
    @Test("a steady rise of 4 points a day under noise is a sustained increase at that rate, with a crossing time")
    func slope() throws {
        let series = SyntheticSeries.make(days: 7, base: 30, slopePerDay: 4, noise: 3)
        let trend = try #require(TrendEngine.analyze(series, now: SyntheticSeries.end(series), threshold: 80))
        #expect(trend.direction == .sustainedIncrease)
        #expect(abs(trend.ratePerDay - 4) < 0.2)
        #expect(trend.confidence == .high)
        #expect(trend.coverage.samples == 168 && trend.coverage.gaps == 0)
        // Level about 58 after 7 days: 22 points to go at 4 a day is about 132 h.
        let hours = try #require(trend.hoursToThreshold)
        #expect(abs(hours - 132) < 12)
    }

    @Test("the rate sets the direction: rising, falling, sustained decrease, stable")
    func directions() throws {
        func direction(_ slope: Double) -> TrendDirection? {
            let series = SyntheticSeries.make(days: 7, base: 50, slopePerDay: slope, noise: 0.5, seed: 7)
            return TrendEngine.analyze(series, now: SyntheticSeries.end(series))?.direction
        }
        #expect(direction(1) == .rising)
        #expect(direction(-1) == .falling)
        #expect(direction(-4) == .sustainedDecrease)
        #expect(direction(0) == .stable)
    }

    @Test("a regular daily peak that recovers is cyclical, peaks at its hour and never forecasts a crossing")
    func dailyCycle() throws {
        let series = SyntheticSeries.make(days: 7, base: 45, daily: 20, peakHour: 14, noise: 2)
        let trend = try #require(TrendEngine.analyze(series, now: SyntheticSeries.end(series), threshold: 70))
        #expect(trend.direction == .cyclical)
        let cycle = try #require(trend.dailyCycle)
        #expect(cycle.peakHours.contains(14))
        #expect(cycle.peakHours.allSatisfy { (11...17).contains($0) })
        #expect(abs(cycle.amplitude - 20) < 3)
        #expect(trend.hoursToThreshold == nil)
        #expect(trend.weeklyCycle == nil)  // one week is too short to tell
    }

    @Test("a weekly cycle over three weeks peaks midweek")
    func weeklyCycle() throws {
        let series = SyntheticSeries.make(days: 21, base: 40, peakHour: 12, weekly: 15, noise: 1)
        let trend = try #require(TrendEngine.analyze(series, now: SyntheticSeries.end(series)))
        let cycle = try #require(trend.weeklyCycle)
        // Hours of the week from Monday 00:00: Wednesday noon is 60.
        #expect(cycle.peakHours.contains(60))
        #expect(trend.direction == .cyclical)
    }

    @Test("a growing load with a daily cycle is still a rise, and its crossing counts from the daily peak")
    func growthWithCycle() throws {
        let series = SyntheticSeries.make(days: 7, base: 30, slopePerDay: 2, daily: 10, noise: 2)
        let trend = try #require(TrendEngine.analyze(series, now: SyntheticSeries.end(series), threshold: 70))
        #expect(trend.direction == .rising)
        #expect(trend.confidence >= .medium)
        #expect(trend.dailyCycle != nil)
        // Level ≈ 44, peak ≈ 54: 16 points at 2 a day ≈ 192 h (less than from the level, 312 h).
        let hours = try #require(trend.hoursToThreshold)
        #expect(abs(hours - 192) < 30)
    }

    @Test("noise without trend or cycle is volatile, with low stability")
    func volatile() throws {
        let series = SyntheticSeries.make(days: 3, base: 20, noise: 19, seed: 3)
        let trend = try #require(TrendEngine.analyze(series, now: SyntheticSeries.end(series)))
        #expect(trend.direction == .volatile)
        #expect(trend.stability < 40)
        let flat = SyntheticSeries.make(days: 3, base: 20, noise: 0.5, seed: 3)
        #expect(try #require(TrendEngine.analyze(flat, now: SyntheticSeries.end(flat))).stability >= 95)
    }

    @Test("an anomaly at this hour stands out from the same hour of earlier days, in σ")
    func anomaly() throws {
        var series = SyntheticSeries.make(days: 4, base: 30, daily: 10, noise: 2, seed: 5)
        let now = SyntheticSeries.end(series)
        series[series.count - 1].value += 30
        let trend = try #require(TrendEngine.analyze(series, now: now))
        let baseline = try #require(trend.baseline)
        #expect(baseline.basis == "hour_of_day")
        #expect(baseline.samples == 3)
        #expect(baseline.deviationSigma > 5)
        #expect(baseline.isAbove)
        let usual = SyntheticSeries.make(days: 4, base: 30, daily: 10, noise: 2, seed: 5)
        #expect(try #require(TrendEngine.analyze(usual, now: now)?.baseline).isAbove == false)
    }

    @Test("coverage counts samples, span and gaps; too few samples give no trend")
    func coverage() throws {
        var series = SyntheticSeries.make(days: 2)
        series.removeSubrange(10..<20)
        let trend = try #require(TrendEngine.analyze(series, now: SyntheticSeries.end(series)))
        #expect(trend.coverage.samples == 38)
        #expect(trend.coverage.spanHours == 47)
        #expect(trend.coverage.gaps == 1 && trend.coverage.gapHours == 10)
        #expect(TrendEngine.analyze(Array(series.prefix(3)), now: SyntheticSeries.end(series)) == nil)
        // Samples after `now` are not used.
        #expect(TrendEngine.analyze(series, now: SyntheticSeries.start.addingTimeInterval(2 * 3600)) == nil)
    }

    @Test("guests: growing, cyclical, bursty and steady behaviour")
    func guests() throws {
        func behaviour(_ series: [TrendPoint]) -> GuestBehaviour? {
            GuestTrend.analyze(cpu: series, now: SyntheticSeries.end(series))?.behaviour
        }
        let growing = SyntheticSeries.make(days: 7, base: 20, slopePerDay: 1, noise: 1)
        #expect(behaviour(growing) == .growing)
        #expect(abs((GuestTrend.analyze(cpu: growing, now: SyntheticSeries.end(growing))?.growthPctPerDay ?? 0) - 4.3) < 0.5)
        #expect(behaviour(SyntheticSeries.make(days: 7, base: 20, daily: 8, noise: 1)) == .cyclical)
        var bursty = SyntheticSeries.make(days: 3, base: 5, noise: 0.5)
        for index in stride(from: 5, to: bursty.count, by: 11) { bursty[index].value = 60 }
        #expect(behaviour(bursty) == .bursty)
        #expect(behaviour(SyntheticSeries.make(days: 3, base: 5, noise: 0.5)) == .steady)
    }

    @Test("node states: overloaded, trending toward overload, stable but hot, normal")
    func states() throws {
        func state(_ series: [TrendPoint], threshold: Double = 60) throws -> NodeTrendState {
            NodeTrendState.of(
                try #require(TrendEngine.analyze(series, now: SyntheticSeries.end(series), threshold: threshold)), threshold: threshold,
                horizonHours: 48)
        }
        #expect(try state(SyntheticSeries.make(days: 3, base: 70, noise: 1)) == .overloaded)
        #expect(try state(SyntheticSeries.make(days: 7, base: 30, slopePerDay: 4, noise: 1)) == .trendingTowardOverload)
        #expect(try state(SyntheticSeries.make(days: 7, base: 55, noise: 1)) == .stableButHot)
        #expect(try state(SyntheticSeries.make(days: 7, base: 30, noise: 1)) == .normal)
    }
}
