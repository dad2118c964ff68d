/// A `PenaltyConfiguration` turned into ready-to-evaluate bands, built once per plan.
///
/// Bands:
/// - current and predicted CPU / memory: above T, T + offset 1, T + offset 2 (T = the threshold);
/// - 7-day average CPU 70 / 80 / 90 %, memory 80 / 90 / 95 %;
/// - 7-day maximum CPU 70 / 80 / 90 / 95 %, memory 85 / 90 / 95 / 98 %;
/// - IOWait now 10 / 20 / 30 %, 7-day average 10 / 15 / 20 %;
/// - overcommit above a committed/total ratio of 1.2, growing to the high penalty at 2.0;
/// - CPU trend: 1×, 2×, 3× the rising penalty above 0.5, 1, 3 % per day, weighted by fit quality;
/// - projected CPU (now plus 48 h at a rising trend's rate): the predicted-CPU bands, weighted by fit quality;
/// - CPU above its usual level for the hour (more than 2 σ and 5 points): the rising penalty once.
public struct ScoringRules: Sendable {
    public let configuration: PenaltyConfiguration
    let cpuCurrent: PenaltyBands
    let memCurrent: PenaltyBands
    let cpuPredicted: PenaltyBands
    let memPredicted: PenaltyBands
    let cpuSustained: PenaltyBands
    let memSustained: PenaltyBands
    let cpuSpikes: PenaltyBands
    let memSpikes: PenaltyBands
    let iowaitCurrent: PenaltyBands
    let iowaitSustained: PenaltyBands

    public init(_ c: PenaltyConfiguration) {
        configuration = c
        let cpuLimits = [c.cpuThreshold, c.cpuThreshold + c.cpuThresholdOffset1, c.cpuThreshold + c.cpuThresholdOffset2]
        let memLimits = [c.memThreshold, c.memThreshold + c.memThresholdOffset1, c.memThreshold + c.memThresholdOffset2]
        cpuCurrent = PenaltyBands(limits: cpuLimits, points: [c.cpuHigh, c.cpuVeryHigh, c.cpuExtreme])
        memCurrent = PenaltyBands(limits: memLimits, points: [c.memHigh, c.memVeryHigh, c.memExtreme])
        cpuPredicted = PenaltyBands(
            limits: cpuLimits, points: [c.predictedCpuOver, c.predictedCpuHigh, c.predictedCpuExtreme])
        memPredicted = PenaltyBands(
            limits: memLimits, points: [c.predictedMemOver, c.predictedMemHigh, c.predictedMemExtreme])
        cpuSustained = PenaltyBands(
            limits: [70, 80, 90], points: [c.cpuSustainedHigh, c.cpuSustainedVeryHigh, c.cpuSustainedCritical])
        memSustained = PenaltyBands(
            limits: [80, 90, 95], points: [c.memSustainedHigh, c.memSustainedVeryHigh, c.memSustainedCritical])
        cpuSpikes = PenaltyBands(
            limits: [70, 80, 90, 95], points: [c.cpuSpikeModerate, c.cpuSpikeHigh, c.cpuSpikeVeryHigh, c.cpuSpikeExtreme])
        memSpikes = PenaltyBands(
            limits: [85, 90, 95, 98], points: [c.memSpikeModerate, c.memSpikeHigh, c.memSpikeVeryHigh, c.memSpikeExtreme])
        iowaitCurrent = PenaltyBands(limits: [10, 20, 30], points: [c.iowaitHigh, c.iowaitVeryHigh, c.iowaitExtreme])
        iowaitSustained = PenaltyBands(
            limits: [10, 15, 20],
            points: [c.iowaitSustainedElevated, c.iowaitSustainedHigh, c.iowaitSustainedCritical])
    }

    /// Every penalty `node` earns with the load `predicted`, after the stability factor and memory cap.
    func penalties(node: NodeLoad, predicted: PredictedLoad) -> PenaltyVector {
        let c = configuration
        var vector = PenaltyVector()
        func apply(_ family: PenaltyFamily, _ bands: PenaltyBands, _ value: Double?) {
            guard let value, let hit = bands.evaluate(value) else { return }
            vector.set(family, points: hit.points, measured: value, limit: hit.limit)
        }
        apply(.cpuCurrent, cpuCurrent, node.cpuPct)
        apply(.memCurrent, memCurrent, node.memoryPct)
        apply(.cpuPredicted, cpuPredicted, predicted.cpuPct)
        apply(.memPredicted, memPredicted, predicted.memoryPct)
        if let points = Self.overcommitPoints(ratio: predicted.overcommitRatio, configuration: c) {
            vector.set(.memOvercommit, points: points, measured: predicted.overcommitRatio, limit: 1.2)
        }
        if c.weight7d > 0 {
            apply(.cpuSustained, cpuSustained, node.cpuAvg7d)
            apply(.memSustained, memSustained, node.memoryAvg7d)
            apply(.cpuSpikes, cpuSpikes, node.cpuMax7d)
            apply(.memSpikes, memSpikes, node.memoryMax7d)
        }
        apply(.iowaitCurrent, iowaitCurrent, node.iowaitPct)
        apply(.iowaitSustained, iowaitSustained, node.iowaitAvg7d)
        if let trend = node.cpuTrend, let hit = Self.trendPoints(trend, configuration: c) {
            vector.set(.cpuTrend, points: hit.points, measured: trend.cpuSlopePctPerDay, limit: hit.limit)
        }
        if let trend = node.cpuTrend, let projected = Self.projectedCPU(node.cpuPct, trend), let hit = cpuPredicted.evaluate(projected) {
            vector.set(.cpuProjected, points: (hit.points * Self.fitWeight(trend)).rounded(), measured: projected, limit: hit.limit)
        }
        if let baseline = node.cpuBaseline, baseline.isAbove, c.cpuTrendRisingPenalty > 0 {
            vector.set(.cpuAboveBaseline, points: c.cpuTrendRisingPenalty, measured: baseline.deviationSigma, limit: TrendBaseline.aboveSigma)
        }
        vector.finalize(
            cpuStabilityFactor: Self.cpuStabilityFactor(stability: node.cpuTrend?.cpuStability),
            memoryCap: PenaltyBreakdown.memoryCap)
        return vector
    }

    /// Overcommit: above a ratio of 1.2, `mem_overcommit_penalty` growing linearly to
    /// `mem_overcommit_high_penalty` at 2.0 (rounded to whole points, halves up).
    static func overcommitPoints(ratio: Double, configuration c: PenaltyConfiguration) -> Double? {
        guard ratio > 1.2 else { return nil }
        let growth = min((ratio - 1.2) / 0.8, 1) * (c.memOvercommitHighPenalty - c.memOvercommitPenalty)
        let points = (c.memOvercommitPenalty + growth).rounded()
        return points > 0 ? points : nil
    }

    /// The rising-CPU penalty: 3×, 2×, 1× `cpu_trend_rising_penalty` above 3, 1, 0.5 % per day,
    /// times 1 for a good fit (R² ≥ 0.7, ≥ 12 samples), 0.5 for a fair one (R² ≥ 0.4, ≥ 4), else 0.
    static func trendPoints(_ trend: NodeTrend, configuration c: PenaltyConfiguration) -> (points: Double, limit: Double)? {
        let weight = fitWeight(trend)
        let slope = trend.cpuSlopePctPerDay
        let (multiple, limit): (Double, Double) = slope > 3 ? (3, 3) : slope > 1 ? (2, 1) : slope > 0.5 ? (1, 0.5) : (0, 0)
        let points = (multiple * c.cpuTrendRisingPenalty * weight).rounded()
        return points > 0 ? (points, limit) : nil
    }

    /// 1 for a good fit (R² ≥ 0.7, ≥ 12 samples), 0.5 for a fair one (R² ≥ 0.4, ≥ 4), else 0.
    static func fitWeight(_ trend: NodeTrend) -> Double {
        trend.cpuR2 >= 0.7 && trend.samples >= 12 ? 1 : trend.cpuR2 >= 0.4 && trend.samples >= 4 ? 0.5 : 0
    }

    /// CPU `ClusterTrends.horizonHours` ahead at the trend's rate, from `cpuPct` (the load with
    /// any moved guests), for a rise of at least `TrendEngine.risingRate` with a fair fit.
    static func projectedCPU(_ cpuPct: Double, _ trend: NodeTrend) -> Double? {
        guard trend.cpuSlopePctPerDay >= TrendEngine.risingRate, fitWeight(trend) > 0 else { return nil }
        return cpuPct + trend.cpuSlopePctPerDay * ClusterTrends.horizonHours / 24
    }

    /// The CPU-stability multiplier: ≥ 80 → 0.7, ≥ 60 → 0.85, < 40 → 1.3, else 1.
    public static func cpuStabilityFactor(stability: Double?) -> Double {
        guard let stability else { return 1 }
        if stability >= 80 { return 0.7 }
        if stability >= 60 { return 0.85 }
        if stability < 40 { return 1.3 }
        return 1
    }
}
