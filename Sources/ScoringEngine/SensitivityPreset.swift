/// How readily scoring recommends moves: a named set of expert values (thresholds, improvement
/// minimum, current-load penalty scale, plan size).
public enum Sensitivity: String, Codable, Sendable, CaseIterable {
    /// Higher thresholds and a higher improvement minimum: fewer, surer moves.
    case conservative
    /// The reference defaults.
    case balanced
    /// Lower thresholds and improvement minimum: acts earlier and on smaller gains.
    case aggressive

    /// The expert values this preset sets, by expert key.
    var expertValues: [String: Double] {
        let (cpu, mem, iowait, floor, improvement, moves, scale): (Double, Double, Double, Double, Double, Double, Double) =
            switch self {
            case .conservative: (70, 80, 40, 75, 25, 5, 0.75)
            case .balanced: (60, 70, 30, 65, 15, 20, 1)
            case .aggressive: (50, 60, 20, 55, 8, 50, 1.5)
            }
        let defaults = PenaltyConfiguration()
        return [
            "penalties.cpu_threshold": cpu, "penalties.mem_threshold": mem, "penalties.iowait_threshold": iowait,
            "penalties.source_mem_migration_floor": floor, "penalties.min_score_improvement": improvement,
            "max_moves_per_plan": moves,
            "penalties.cpu_high": (defaults.cpuHigh * scale).rounded(), "penalties.cpu_very_high": (defaults.cpuVeryHigh * scale).rounded(),
            "penalties.cpu_extreme": (defaults.cpuExtreme * scale).rounded(), "penalties.mem_high": (defaults.memHigh * scale).rounded(),
            "penalties.mem_very_high": (defaults.memVeryHigh * scale).rounded(),
            "penalties.mem_extreme": (defaults.memExtreme * scale).rounded(),
        ]
    }
}

/// How much history counts against the current load: the CPU / IOWait time weights and the
/// rising-CPU-trend penalty.
public enum TrendWeight: String, Codable, Sendable, CaseIterable {
    case low
    /// The reference defaults.
    case medium
    case high

    /// The expert values this level sets, by expert key.
    var expertValues: [String: Double] {
        let (current, day, week, trend): (Double, Double, Double, Double) =
            switch self {
            case .low: (0.7, 0.2, 0.1, 8)
            case .medium: (0.5, 0.3, 0.2, 15)
            case .high: (0.3, 0.4, 0.3, 25)
            }
        return [
            "penalties.weight_current": current, "penalties.weight_24h": day, "penalties.weight_7d": week,
            "penalties.cpu_trend_rising_penalty": trend,
        ]
    }
}
