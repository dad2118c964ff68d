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
        guard samples.count >= minimumSamples, let fit = LinearFit(dates: samples.map(\.at), values: samples.map(\.cpuPct)) else {
            return nil
        }
        let n = Double(samples.count)
        let meanY = samples.reduce(0) { $0 + $1.cpuPct } / n
        let syy = samples.reduce(0) { $0 + ($1.cpuPct - meanY) * ($1.cpuPct - meanY) }
        let cv = meanY > 0 ? (syy / n).squareRoot() / meanY : 0
        let slope = fit.slopePerDay
        let r2 = fit.r2
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

    /// CPU stability 0–100 from the coefficient of variation (`TrendEngine.stability`).
    public static func stability(cv: Double) -> Double { TrendEngine.stability(cv: cv) }
}
