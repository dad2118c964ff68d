public import Foundation

/// A repeating pattern found in a series: its period, how strongly the series repeats and when
/// it peaks.
public struct TrendCycle: Codable, Sendable, Equatable {
    /// 24 (daily) or 168 (weekly).
    public var periodHours: Int
    /// Autocorrelation of the detrended hourly series at the period's lag, −1…1.
    public var strength: Double
    /// Peak hours: UTC hours of the day (0–23) for a daily cycle, hours of the week from
    /// Monday 00:00 UTC (0–167) for a weekly one; sorted.
    public var peakHours: [Int]
    /// How far the peak rises above the cycle's mean, in the metric's unit.
    public var amplitude: Double

    public init(periodHours: Int, strength: Double, peakHours: [Int], amplitude: Double) {
        self.periodHours = periodHours
        self.strength = strength
        self.peakHours = peakHours
        self.amplitude = amplitude
    }

    /// Autocorrelation at the lag from which a cycle counts as found.
    public static let minimumStrength = 0.5

    /// The cycle of `period` hours in `hourly` (detrended hourly means keyed by hours since the
    /// epoch), when the series covers at least two periods and repeats strongly enough.
    static func detect(_ hourly: [Int: Double], periodHours period: Int) -> TrendCycle? {
        guard let first = hourly.keys.min(), let last = hourly.keys.max(), last - first + 1 >= 2 * period else { return nil }
        let n = Double(hourly.count)
        let mean = hourly.values.reduce(0, +) / n
        let variance = hourly.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        guard variance > 0 else { return nil }
        var sum = 0.0
        var pairs = 0
        for (hour, value) in hourly {
            if let later = hourly[hour + period] {
                sum += (value - mean) * (later - mean)
                pairs += 1
            }
        }
        guard pairs >= period else { return nil }
        let strength = sum / Double(pairs) / variance
        guard strength >= minimumStrength else { return nil }
        var profile: [Int: (sum: Double, count: Int)] = [:]
        for (hour, value) in hourly {
            let slot = period == 24 ? hourOfDay(hour) : hourOfWeek(hour)
            profile[slot, default: (0, 0)].sum += value
            profile[slot]?.count += 1
        }
        let means = profile.mapValues { $0.sum / Double($0.count) }
        guard let top = means.values.max(), let bottom = means.values.min() else { return nil }
        let average = means.values.reduce(0, +) / Double(means.count)
        let peaks = means.filter { $0.value >= top - 0.25 * (top - bottom) }.keys.sorted()
        return TrendCycle(periodHours: period, strength: strength, peakHours: peaks, amplitude: top - average)
    }

    /// UTC hour of the day (0–23) of an hour counted from the epoch.
    static func hourOfDay(_ hour: Int) -> Int { ((hour % 24) + 24) % 24 }

    /// Hour of the week from Monday 00:00 UTC (0–167) of an hour counted from the epoch (a Thursday).
    static func hourOfWeek(_ hour: Int) -> Int { (((hour + 72) % 168) + 168) % 168 }

    /// Hours since the epoch of `date`, rounded down.
    static func hourIndex(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 3600).rounded(.down)) }
}
