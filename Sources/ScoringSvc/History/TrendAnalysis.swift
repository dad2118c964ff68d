import Foundation
import ScoringEngine

/// A node's CPU trend and stability from its stored samples. Pure.
public enum TrendAnalysis {
    /// Fewer samples than this give no trend.
    public static let minimumSamples = 4

    /// The least-squares CPU slope (% per day) with its R², and the CPU stability from the
    /// coefficient of variation; `nil` with fewer than `minimumSamples` samples.
    ///
    /// A flat series has nothing to explain: slope 0 and R² 0. Samples that all share one
    /// time give slope 0 and R² 0 too.
    public static func trend(samples: [NodeSample]) -> NodeTrend? {
        guard samples.count >= minimumSamples, let origin = samples.map(\.at).min() else { return nil }
        let n = Double(samples.count)
        let days = samples.map { $0.at.timeIntervalSince(origin) / 86_400 }
        let cpu = samples.map(\.cpuPct)
        let meanX = days.reduce(0, +) / n
        let meanY = cpu.reduce(0, +) / n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for (x, y) in zip(days, cpu) {
            sxx += (x - meanX) * (x - meanX)
            syy += (y - meanY) * (y - meanY)
            sxy += (x - meanX) * (y - meanY)
        }
        let slope = sxx > 0 ? sxy / sxx : 0
        let r2 = sxx > 0 && syy > 0 ? min(1, sxy * sxy / (sxx * syy)) : 0
        let cv = meanY > 0 ? (syy / n).squareRoot() / meanY : 0
        return NodeTrend(
            cpuSlopePctPerDay: slope, cpuR2: r2, samples: samples.count, cpuStability: stability(cv: cv),
            cpuByHour: hourlyBaselines(samples))
    }

    /// The mean and population standard deviation of CPU per UTC hour of the day, for hours with
    /// at least `HourlyBaseline.minimumSamples` samples.
    public static func hourlyBaselines(_ samples: [NodeSample]) -> [Int: HourlyBaseline] {
        let byHour = Dictionary(grouping: samples) { HourlyBaseline.hour(of: $0.at) }
        return byHour.compactMapValues { hour in
            guard hour.count >= HourlyBaseline.minimumSamples else { return nil }
            let n = Double(hour.count)
            let mean = hour.reduce(0) { $0 + $1.cpuPct } / n
            let variance = hour.reduce(0) { $0 + ($1.cpuPct - mean) * ($1.cpuPct - mean) } / n
            return HourlyBaseline(meanPct: mean, deviationPct: variance.squareRoot(), samples: hour.count)
        }
    }

    /// Per-node trends of `samples` (by node name); nodes with too few samples are left out.
    public static func summary(_ samples: [String: [NodeSample]]) -> HistorySummary {
        samples.compactMapValues { trend(samples: $0) }
    }

    /// CPU stability 0–100 from the coefficient of variation (population standard deviation
    /// over mean): flat load scores 90–100, very spiky load down to 5.
    public static func stability(cv: Double) -> Double {
        switch cv {
        case ...0.10: max(90, 100 - 100 * cv)
        case ...0.20: max(70, 90 - 200 * (cv - 0.1))
        case ...0.35: max(40, 70 - 200 * (cv - 0.2))
        default: max(5, 40 - 100 * (cv - 0.35))
        }
    }
}
