/// Penalty points, thresholds and time weights of the node scorer, with their defaults,
/// plus the CPU / memory / IOWait thresholds.
///
/// Encoded with `MessageCoding` (snake_case keys). Keys with a digit also decode from the underscored
/// spelling (`weight_24h`, `cpu_threshold_offset_1`) but encode without the underscore before
/// the digit (`weight24h`, `cpu_threshold_offset1`), which decodes back the same.
public struct PenaltyConfiguration: Codable, Sendable, Equatable {
    // Current load, relative to the CPU / memory threshold T: > T, > T + offset 1, > T + offset 2.
    public var cpuHigh: Double = 20
    public var cpuVeryHigh: Double = 50
    public var cpuExtreme: Double = 100
    public var memHigh: Double = 8
    public var memVeryHigh: Double = 20
    public var memExtreme: Double = 50
    // Sustained 7-day average: CPU > 70 / 80 / 90 %, memory > 80 / 90 / 95 %.
    public var cpuSustainedHigh: Double = 40
    public var cpuSustainedVeryHigh: Double = 80
    public var cpuSustainedCritical: Double = 150
    public var memSustainedHigh: Double = 10
    public var memSustainedVeryHigh: Double = 25
    public var memSustainedCritical: Double = 60
    // IOWait now: > 10 / 20 / 30 %.
    public var iowaitHigh: Double = 20
    public var iowaitVeryHigh: Double = 40
    public var iowaitExtreme: Double = 80
    // IOWait 7-day average: > 10 / 15 / 20 %.
    public var iowaitSustainedElevated: Double = 15
    public var iowaitSustainedHigh: Double = 30
    public var iowaitSustainedCritical: Double = 60
    public var cpuTrendRisingPenalty: Double = 15
    // 7-day maxima: CPU > 70 / 80 / 90 / 95 %, memory > 85 / 90 / 95 / 98 %.
    public var cpuSpikeModerate: Double = 5
    public var cpuSpikeHigh: Double = 10
    public var cpuSpikeVeryHigh: Double = 20
    public var cpuSpikeExtreme: Double = 30
    public var memSpikeModerate: Double = 2
    public var memSpikeHigh: Double = 5
    public var memSpikeVeryHigh: Double = 10
    public var memSpikeExtreme: Double = 20
    // Predicted load after the moves, same bands as current load.
    public var predictedCpuOver: Double = 25
    public var predictedCpuHigh: Double = 50
    public var predictedCpuExtreme: Double = 100
    public var predictedMemOver: Double = 10
    public var predictedMemHigh: Double = 25
    public var predictedMemExtreme: Double = 50
    /// Overcommit penalty just above a committed/total ratio of 1.2 …
    public var memOvercommitPenalty: Double = 8
    /// … growing linearly to this at a ratio of 2.0 and above.
    public var memOvercommitHighPenalty: Double = 25
    public var cpuThresholdOffset1: Double = 10
    public var cpuThresholdOffset2: Double = 20
    public var memThresholdOffset1: Double = 10
    public var memThresholdOffset2: Double = 20
    public var minScoreImprovement: Double = 15
    public var maintenanceScoreBoost: Double = 100
    public var iowaitScoreBoost: Double = 30
    /// Source memory % under which (with CPU under its threshold) a guest is not moved.
    public var sourceMemMigrationFloor: Double = 65
    // Time weights of CPU and IOWait (memory always uses its current value); they sum to 1.
    public var weightCurrent: Double = 0.5
    public var weight24h: Double = 0.3
    public var weight7d: Double = 0.2
    public var seasonalBaseline = SeasonalBaselineSettings()
    /// CPU threshold T in % (reference default 60).
    public var cpuThreshold: Double = 60
    /// Memory threshold T in % (reference default 70).
    public var memThreshold: Double = 70
    /// IOWait threshold in %, the migration trigger (reference default 30).
    public var iowaitThreshold: Double = 30

    /// The reference defaults.
    public init() {}

    /// Allowed range of every penalty point value, boost and improvement minimum.
    public static let pointRange: ClosedRange<Double> = 0...1000
    /// Allowed range of the threshold offsets (percentage points).
    public static let offsetRange: ClosedRange<Double> = 0...100
    /// Allowed range of the CPU, memory, IOWait thresholds and the source memory floor (%).
    public static let percentRange: ClosedRange<Double> = 1...100
    /// Allowed range of each time weight.
    public static let weightRange: ClosedRange<Double> = 0...1
    /// Allowed range of `seasonal_baseline.sigma_threshold`.
    public static let sigmaRange: ClosedRange<Double> = 0.1...10

    /// Checks every value is finite and in its range; throws naming the first invalid field
    /// (snake_case key).
    public func validate() throws(PenaltyConfigurationError) {
        let ranged =
            penaltyPoints.map { ($0.0, $0.1, Self.pointRange) } + offsets.map { ($0.0, $0.1, Self.offsetRange) }
            + percentages.map { ($0.0, $0.1, Self.percentRange) } + weights.map { ($0.0, $0.1, Self.weightRange) }
            + [("seasonal_baseline.sigma_threshold", seasonalBaseline.sigmaThreshold, Self.sigmaRange)]
        for (field, value, range) in ranged where !(value.isFinite && range.contains(value)) {
            throw PenaltyConfigurationError(field: field, value: value, range: range)
        }
        let sum = weightCurrent + weight24h + weight7d
        guard abs(sum - 1) <= 0.01 else {
            throw PenaltyConfigurationError(
                field: "weight_current", message: "weight_current + weight_24h + weight_7d must be 1 ± 0.01, got \(sum)")
        }
        guard cpuThresholdOffset1 <= cpuThresholdOffset2 else {
            throw PenaltyConfigurationError(field: "cpu_threshold_offset_2", message: "must be ≥ cpu_threshold_offset_1")
        }
        guard memThresholdOffset1 <= memThresholdOffset2 else {
            throw PenaltyConfigurationError(field: "mem_threshold_offset_2", message: "must be ≥ mem_threshold_offset_1")
        }
    }

    /// Every point value, boost and improvement minimum, by snake_case key.
    private var penaltyPoints: [(String, Double)] {
        [
            ("cpu_high", cpuHigh), ("cpu_very_high", cpuVeryHigh), ("cpu_extreme", cpuExtreme),
            ("mem_high", memHigh), ("mem_very_high", memVeryHigh), ("mem_extreme", memExtreme),
            ("cpu_sustained_high", cpuSustainedHigh), ("cpu_sustained_very_high", cpuSustainedVeryHigh),
            ("cpu_sustained_critical", cpuSustainedCritical),
            ("mem_sustained_high", memSustainedHigh), ("mem_sustained_very_high", memSustainedVeryHigh),
            ("mem_sustained_critical", memSustainedCritical),
            ("iowait_high", iowaitHigh), ("iowait_very_high", iowaitVeryHigh), ("iowait_extreme", iowaitExtreme),
            ("iowait_sustained_elevated", iowaitSustainedElevated), ("iowait_sustained_high", iowaitSustainedHigh),
            ("iowait_sustained_critical", iowaitSustainedCritical),
            ("cpu_trend_rising_penalty", cpuTrendRisingPenalty),
            ("cpu_spike_moderate", cpuSpikeModerate), ("cpu_spike_high", cpuSpikeHigh),
            ("cpu_spike_very_high", cpuSpikeVeryHigh), ("cpu_spike_extreme", cpuSpikeExtreme),
            ("mem_spike_moderate", memSpikeModerate), ("mem_spike_high", memSpikeHigh),
            ("mem_spike_very_high", memSpikeVeryHigh), ("mem_spike_extreme", memSpikeExtreme),
            ("predicted_cpu_over", predictedCpuOver), ("predicted_cpu_high", predictedCpuHigh),
            ("predicted_cpu_extreme", predictedCpuExtreme),
            ("predicted_mem_over", predictedMemOver), ("predicted_mem_high", predictedMemHigh),
            ("predicted_mem_extreme", predictedMemExtreme),
            ("mem_overcommit_penalty", memOvercommitPenalty), ("mem_overcommit_high_penalty", memOvercommitHighPenalty),
            ("min_score_improvement", minScoreImprovement), ("maintenance_score_boost", maintenanceScoreBoost),
            ("iowait_score_boost", iowaitScoreBoost),
        ]
    }

    /// The threshold offsets, by snake_case key.
    private var offsets: [(String, Double)] {
        [
            ("cpu_threshold_offset_1", cpuThresholdOffset1), ("cpu_threshold_offset_2", cpuThresholdOffset2),
            ("mem_threshold_offset_1", memThresholdOffset1), ("mem_threshold_offset_2", memThresholdOffset2),
        ]
    }

    /// Every percentage setting, by snake_case key.
    private var percentages: [(String, Double)] {
        [
            ("source_mem_migration_floor", sourceMemMigrationFloor), ("cpu_threshold", cpuThreshold),
            ("mem_threshold", memThreshold), ("iowait_threshold", iowaitThreshold),
        ]
    }

    /// The three time weights, by snake_case key.
    private var weights: [(String, Double)] {
        [("weight_current", weightCurrent), ("weight_24h", weight24h), ("weight_7d", weight7d)]
    }
}
