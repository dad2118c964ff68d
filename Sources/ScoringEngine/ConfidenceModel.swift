public import Contract

/// The multi-factor confidence of a move: 35 % score
/// improvement, 20 % target headroom, 15 % migration complexity, 15 % target stability and
/// 15 % past outcomes (65 until there is history).
public enum ConfidenceModel {
    /// The factors for moving `guest` with score improvement `improvement` onto a target that
    /// will be at `targetAfter`, whose score penalties will total `targetPenalties`.
    public static func factors(
        improvement: Double, minimumImprovement: Double, targetAfter: NodeLoad, targetPenalties: Double,
        guest: GuestState, history: Double = 65
    ) -> ConfidenceFactors {
        let cpuHeadroom = 100 - targetAfter.cpuPct
        let memoryHeadroom = 100 - targetAfter.memoryPct
        let stability: Double
        if let trend = targetAfter.cpuTrend, trend.cpuSlopePctPerDay > 0.5 {
            stability = cpuHeadroom >= 50 ? 70 : cpuHeadroom >= 30 ? 50 : 30
        } else {
            stability = targetPenalties > 50 ? 50 : targetPenalties > 20 ? 70 : 100
        }
        return ConfidenceFactors(
            improvement: improvementFactor(improvement, minimum: minimumImprovement),
            targetHeadroom: min(100, max(0, 1.5 * (cpuHeadroom + memoryHeadroom) / 2)),
            complexity: complexity(guest), targetStability: stability, history: history)
    }

    /// The past-outcomes factor from the executor's report: the success rate of real
    /// migrations, blended 60/40 with the share that improved their source after an hour (or
    /// 5 minutes) when measured; 65 until at least 3 migrations have ended.
    public static func historyFactor(_ report: OutcomeReport?) -> Double {
        guard let report, report.completed + report.failed >= 3, let success = report.successRatePct else { return 65 }
        let measured =
            report.checkpoints.first { $0.checkpoint == "1h" && $0.measured > 0 }
            ?? report.checkpoints.first { $0.checkpoint == "5m" && $0.measured > 0 }
        guard let improved = measured?.improvedPct else { return Rounding.round(success) }
        return Rounding.round(0.6 * success + 0.4 * improved)
    }

    /// Weighted sum of the factors, rounded to one decimal.
    public static func confidence(_ f: ConfidenceFactors) -> Double {
        Rounding.round(
            0.35 * f.improvement + 0.20 * f.targetHeadroom + 0.15 * f.complexity + 0.15 * f.targetStability
                + 0.15 * f.history)
    }

    /// ≥ 60 → 100; 40–60 → 80…100; 25–40 → 55…80; minimum–25 → 30…55; below the minimum → 0…30.
    static func improvementFactor(_ x: Double, minimum: Double) -> Double {
        if x >= 60 { return 100 }
        if x >= 40 { return 80 + (x - 40) }
        if x >= 25 { return 55 + (x - 25) / 15 * 25 }
        if x >= minimum, minimum < 25 { return 30 + 25 * (x - minimum) / (25 - minimum) }
        return max(0, min(30, 30 * x / max(minimum, 1)))
    }

    /// Unshared bind mount 20; > 32 GiB or > 8 vCPUs 40; > 16 GiB or > 4 vCPUs 60; > 4 GiB 80; else 100.
    static func complexity(_ guest: GuestState) -> Double {
        let gib = Double(guest.memoryMaxBytes) / 1_073_741_824
        if guest.hasUnsharedBindMount { return 20 }
        if gib > 32 || guest.vcpus > 8 { return 40 }
        if gib > 16 || guest.vcpus > 4 { return 60 }
        if gib > 4 { return 80 }
        return 100
    }
}
