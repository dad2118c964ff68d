import Foundation

/// A deterministic time series: `base × (1 + daily + weekly + trend + burst) + noise`.
///
/// The noise is piecewise constant per minute and built as the difference of two hashed values
/// (`g(k+1) − g(k)`), so its integral telescopes. Every term therefore has a closed-form
/// antiderivative: averages over any window (RRD points) and cumulative counters are exact
/// without stored samples.
struct Signal: Sendable {
    static let day = 86_400.0
    static let week = 604_800.0
    static let noiseBucket = 60.0
    /// Epoch 0 was a Thursday; six days later is a Wednesday, the weekly peak.
    private static let wednesday = 6 * day

    var base: Double
    var dailyAmplitude: Double
    /// Seconds after UTC midnight of the daily maximum.
    var peakSeconds: Double
    var weeklyAmplitude: Double
    var trendPerDay: Double
    /// Relative noise amplitude (the noise term lies within ±base × noise).
    var noise: Double
    var burstPeriod: Double
    var burstDuration: Double
    var burstExtra: Double
    /// Reference time of the trend (the simulation start).
    var origin: Double
    /// Hash key of this series' noise.
    var key: UInt64

    init(
        base: Double, workload: ScenarioWorkload, origin: Double, key: UInt64,
        amplitudeScale: Double = 1, noiseScale: Double = 1, withBurst: Bool = true
    ) {
        self.base = max(0, base)
        var daily = abs(workload.dailyAmplitude) * amplitudeScale
        var weekly = abs(workload.weeklyAmplitude) * amplitudeScale
        var noise = abs(workload.noise) * noiseScale
        // Keep the shape positive so counters never run backwards.
        let total = daily + weekly + noise
        if total > 0.95 {
            let factor = 0.95 / total
            daily *= factor
            weekly *= factor
            noise *= factor
        }
        dailyAmplitude = daily
        weeklyAmplitude = weekly
        self.noise = noise
        peakSeconds = (workload.peakHour.truncatingRemainder(dividingBy: 24) + 24).truncatingRemainder(dividingBy: 24) * 3600
        trendPerDay = max(-0.002, workload.trendPerDay)
        if withBurst, let burst = workload.burst, burst.periodHours > 0, burst.durationMinutes > 0 {
            burstPeriod = burst.periodHours * 3600
            burstDuration = min(burst.durationMinutes * 60, burstPeriod)
            burstExtra = max(0, burst.extra) * amplitudeScale
        } else {
            burstPeriod = 0
            burstDuration = 0
            burstExtra = 0
        }
        self.origin = origin
        self.key = key
    }

    private func g(_ bucket: Double) -> Double {
        StableHash.unit(key, UInt64(bitPattern: Int64(bucket))) - 0.5
    }

    /// Instantaneous value (may be slightly negative for extreme shapes; callers clamp).
    func value(at t: Double) -> Double {
        guard base > 0 else { return 0 }
        var shape = 1 + trendPerDay * (t - origin) / Self.day
        if dailyAmplitude != 0 { shape += dailyAmplitude * cos(2 * .pi * (t - peakSeconds) / Self.day) }
        if weeklyAmplitude != 0 { shape += weeklyAmplitude * cos(2 * .pi * (t - Self.wednesday - peakSeconds) / Self.week) }
        if burstExtra > 0 {
            let s = t - peakSeconds
            let r = s - (s / burstPeriod).rounded(.down) * burstPeriod
            if r < burstDuration { shape += burstExtra }
        }
        var result = base * shape
        if noise > 0 {
            let k = (t / Self.noiseBucket).rounded(.down)
            result += base * noise * (g(k + 1) - g(k))
        }
        return result
    }

    /// An antiderivative of `value(at:)` (defined up to a constant; use differences).
    func antiderivative(at t: Double) -> Double {
        guard base > 0 else { return 0 }
        let u = t - origin
        var sum = u + trendPerDay * u * u / (2 * Self.day)
        if dailyAmplitude != 0 {
            sum += dailyAmplitude * Self.day / (2 * .pi) * sin(2 * .pi * (t - peakSeconds) / Self.day)
        }
        if weeklyAmplitude != 0 {
            sum += weeklyAmplitude * Self.week / (2 * .pi) * sin(2 * .pi * (t - Self.wednesday - peakSeconds) / Self.week)
        }
        if burstExtra > 0 {
            let s = t - peakSeconds
            let n = (s / burstPeriod).rounded(.down)
            let r = s - n * burstPeriod
            sum += burstExtra * (n * burstDuration + min(r, burstDuration))
        }
        var result = base * sum
        if noise > 0 {
            let k = (t / Self.noiseBucket).rounded(.down)
            let r = t - k * Self.noiseBucket
            result += base * noise * (Self.noiseBucket * g(k) + r * (g(k + 1) - g(k)))
        }
        return result
    }

    /// ∫ value dt over [from, to].
    func integral(from start: Double, to end: Double) -> Double {
        end > start ? antiderivative(at: end) - antiderivative(at: start) : 0
    }

    /// Mean value over [from, to].
    func average(from start: Double, to end: Double) -> Double {
        end > start ? integral(from: start, to: end) / (end - start) : value(at: start)
    }
}
