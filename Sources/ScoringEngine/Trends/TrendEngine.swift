public import Foundation

/// Trends of one metric's series. Pure: the series and the time are passed in.
public enum TrendEngine {
    /// Fewer samples than this give no trend.
    public static let minimumSamples = 4
    /// Slopes (units per day) from which a trustworthy trend is rising or falling, and sustained.
    public static let risingRate = 0.5
    public static let sustainedRate = 3.0
    /// Coefficient of variation above which a series without a trend or cycle is volatile.
    public static let volatileCV = 0.35
    /// Hours of history a crossing time needs: two days, so a daily rise is not taken for a trend.
    public static let minimumForecastSpanHours = 48.0

    /// The trend of `series` (any order) as of `now`; `threshold` (same unit) gives the hours
    /// until it is crossed. `nil` with fewer than `minimumSamples` samples at or before `now`.
    public static func analyze(_ series: [TrendPoint], now: Date, threshold: Double? = nil) -> MetricTrend? {
        let points = series.filter { $0.at <= now && $0.value.isFinite }.sorted { $0.at < $1.at }
        guard points.count >= minimumSamples, let last = points.last,
            let fit = LinearFit(dates: points.map(\.at), values: points.map(\.value))
        else { return nil }
        let values = points.map(\.value)
        let n = Double(values.count)
        let average = values.reduce(0, +) / n
        let cv = average > 0 ? (values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / n).squareRoot() / average : 0

        var residuals: [Int: (sum: Double, count: Int)] = [:]
        for point in points {
            let hour = TrendCycle.hourIndex(point.at)
            residuals[hour, default: (0, 0)].sum += point.value - fit.value(at: point.at)
            residuals[hour]?.count += 1
        }
        let hourly = residuals.mapValues { $0.sum / Double($0.count) }
        let daily = TrendCycle.detect(hourly, periodHours: 24)
        let weekly = TrendCycle.detect(hourly, periodHours: 168)
        let r2 = max(fit.r2, daily.map { _ in deseasonalizedR2(points, hourly: hourly) } ?? 0)
        let confidence = TrendConfidence(r2: r2, samples: points.count)

        let current = mean(points, after: last.at.addingTimeInterval(-3600))
        let recent = mean(points, after: last.at.addingTimeInterval(-6 * 3600))
        let earlier = points.filter { $0.at <= last.at.addingTimeInterval(-3600) }
        let rate = fit.slopePerDay
        let direction: TrendDirection =
            if confidence > .low, abs(rate) >= risingRate {
                rate >= sustainedRate ? .sustainedIncrease : rate > 0 ? .rising : rate <= -sustainedRate ? .sustainedDecrease : .falling
            } else if daily != nil || weekly != nil {
                .cyclical
            } else if cv > volatileCV {
                .volatile
            } else {
                .stable
            }
        var trend = MetricTrend(
            direction: direction, ratePerDay: rate, r2: r2, confidence: confidence, stability: stability(cv: cv), current: current,
            recent: recent, level: fit.value(at: now),
            baseline: TrendBaseline.of(earlier, current: current, now: TrendCycle.hourIndex(now)), hoursToThreshold: nil,
            dailyCycle: daily, weeklyCycle: weekly, coverage: TrendCoverage.of(points))
        if let threshold { trend.hoursToThreshold = hoursToThreshold(trend, threshold: threshold) }
        return trend
    }

    /// Hours until `threshold` is crossed: 0 when the last hour is above it; from the projected
    /// peak (fitted line plus daily cycle) at the fitted rate when the rise is trustworthy and
    /// `minimumForecastSpanHours` of history stand behind it.
    public static func hoursToThreshold(_ trend: MetricTrend, threshold: Double) -> Double? {
        if trend.current >= threshold { return 0 }
        guard trend.confidence > .low, trend.ratePerDay >= risingRate, trend.coverage.spanHours >= minimumForecastSpanHours else { return nil }
        return max(0, (threshold - trend.projectedPeak) / trend.ratePerDay * 24)
    }

    /// Stability 0–100 from the coefficient of variation (population standard deviation over
    /// mean): flat load scores 90–100, very spiky load down to 5.
    public static func stability(cv: Double) -> Double {
        switch cv {
        case ...0.10: max(90, 100 - 100 * cv)
        case ...0.20: max(70, 90 - 200 * (cv - 0.1))
        case ...0.35: max(40, 70 - 200 * (cv - 0.2))
        default: max(5, 40 - 100 * (cv - 0.35))
        }
    }

    /// R² of the line through the series with its mean daily profile (from the hourly
    /// residuals) removed.
    private static func deseasonalizedR2(_ points: [TrendPoint], hourly: [Int: Double]) -> Double {
        var profile: [Int: (sum: Double, count: Int)] = [:]
        for (hour, value) in hourly {
            profile[TrendCycle.hourOfDay(hour), default: (0, 0)].sum += value
            profile[TrendCycle.hourOfDay(hour)]?.count += 1
        }
        let adjusted = points.map { point in
            let slot = profile[TrendCycle.hourOfDay(TrendCycle.hourIndex(point.at))]
            return point.value - (slot.map { $0.sum / Double($0.count) } ?? 0)
        }
        return LinearFit(dates: points.map(\.at), values: adjusted)?.r2 ?? 0
    }

    private static func mean(_ points: [TrendPoint], after start: Date) -> Double {
        let window = points.filter { $0.at > start }
        return window.isEmpty ? points.last?.value ?? 0 : window.reduce(0) { $0 + $1.value } / Double(window.count)
    }
}
