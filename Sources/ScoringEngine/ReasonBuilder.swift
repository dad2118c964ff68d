import Contract

/// The structured reason of a move : primary reason, measured factors, one sentence.
enum ReasonBuilder {
    /// The factor of both halves of a swap; its value is the other half's vmid.
    static let swapFactor = ReasonFactor.swap

    static func reason(
        for move: PlannedMove, guest: GuestState, source: String, target: String, companionOf leader: GuestState?,
        configuration c: PenaltyConfiguration, avoided: GuestState?, linkGbps: Double,
        swap: (guest: GuestState, source: String, target: String)? = nil
    ) -> MigrationReason {
        let (primary, label, cause) = headline(move, guest: guest, source: source, leader: leader, configuration: c)
        let before = move.sourceBefore
        let after = move.targetAfter
        var factors = [
            ReasonFactor(
                factor: "source_cpu", value: Rounding.round(before.weightedCPU(c)),
                weight: move.pressure == .cpu ? "high" : "low",
                label: "\(source) CPU at \(Rounding.percent(before.weightedCPU(c))) (time-weighted)"),
            ReasonFactor(
                factor: "source_memory", value: Rounding.round(before.memoryPct),
                weight: move.pressure == .memory ? "high" : "low",
                label: "\(source) memory at \(Rounding.percent(before.memoryPct))"),
            ReasonFactor(
                factor: "target_cpu_after", value: Rounding.round(after.cpuPct), weight: "medium",
                label: "\(target) CPU \(Rounding.percent(move.targetBefore.cpuPct)) → \(Rounding.percent(after.cpuPct))"),
            ReasonFactor(
                factor: "target_memory_after", value: Rounding.round(after.memoryPct), weight: "medium",
                label: "\(target) memory \(Rounding.percent(move.targetBefore.memoryPct)) → \(Rounding.percent(after.memoryPct))"),
            ReasonFactor(
                factor: "score_improvement", value: Rounding.round(move.improvement), weight: "medium",
                label: "Score improves by \(Rounding.string(move.improvement, decimals: 0)) (minimum \(Penalty.format(c.minScoreImprovement)))"),
        ]
        if move.pressure == .iowait || before.iowaitPct >= 10 {
            factors.append(
                ReasonFactor(
                    factor: "source_iowait", value: Rounding.round(before.iowaitPct),
                    weight: move.pressure == .iowait ? "high" : "low",
                    label: "\(source) IOWait at \(Rounding.percent(before.iowaitPct)), 24 h avg \(Rounding.percent(before.iowaitAvg24h ?? 0))"))
        }
        if let trend = before.cpuTrend, trend.cpuSlopePctPerDay > 0.5 {
            factors.append(
                ReasonFactor(
                    factor: "rising_trend", value: Rounding.round(trend.cpuSlopePctPerDay), weight: "medium",
                    label: "\(source) CPU rising \(Rounding.string(trend.cpuSlopePctPerDay, decimals: 1)) %/day"))
        }
        var because = cause
        if leader == nil, let growth = move.growthPreferred {
            factors.append(
                ReasonFactor(
                    factor: "guest_growth", value: Rounding.round(growth, 2), weight: "medium",
                    label: "\(guest.label) CPU growing \(Rounding.string(growth, decimals: 1)) %/day, the fastest of the guests giving similar relief"
                ))
            because += ", and of the guests giving similar relief it grows fastest (\(Rounding.string(growth, decimals: 1)) %/day)"
        }
        if leader == nil, let choice = move.costPreferred, let avoided {
            let seconds = "≈ \(Rounding.string(choice.seconds, decimals: 0)) s"
            let other = "≈ \(Rounding.string(choice.avoidedSeconds, decimals: 0)) s"
            let link = "\(Penalty.format(linkGbps, decimals: linkGbps < 1 ? 2 : 1)) Gb/s"
            factors.append(
                ReasonFactor(
                    factor: "migration_cost", value: Rounding.round(choice.seconds, 1), weight: "medium",
                    label: "\(seconds) to migrate over \(link); \(avoided.label), which would do it alone, \(other)"))
            because +=
                choice.alone
                ? ", and it costs less to migrate than \(avoided.label), which would relieve \(source) alone too (\(seconds) against \(other) over \(link))"
                : ", and with the smaller guests after it, it costs less to migrate than \(avoided.label), which would relieve \(source) alone (\(seconds) for this one, against \(other) over \(link))"
        }
        if leader == nil, let swap {
            let other = "\(swap.guest.label) (\(swap.source) → \(swap.target))"
            factors.append(
                ReasonFactor(
                    factor: swapFactor, value: Double(swap.guest.vmid), weight: "high",
                    label: "Swaps places with \(other); neither move is possible alone"))
            because += ", and it swaps places with \(other), as neither move is possible alone"
        }
        let summary =
            "\(guest.label) should move from \(source) to \(target) because \(because); \(target) will be at "
            + "\(Rounding.percent(after.cpuPct)) CPU and \(Rounding.percent(after.memoryPct)) memory afterwards."
        return MigrationReason(primaryReason: primary, primaryLabel: label, contributingFactors: factors, summary: summary)
    }

    private static func headline(
        _ move: PlannedMove, guest: GuestState, source: String, leader: GuestState?, configuration c: PenaltyConfiguration
    ) -> (String, String, String) {
        if let leader {
            return ("affinity", "Follows its affinity group", "it shares an affinity group with \(leader.label), which moves there")
        }
        if let repair = move.repair {
            return ("rule_repair", "Repairs a placement rule", "it repairs \(repair)")
        }
        let before = move.sourceBefore
        switch move.pressure {
        case .maintenance:
            let offline = guest.isRunning ? "" : " (it is stopped, so it moves offline and stays stopped)"
            return ("maintenance", "Source node in maintenance", "\(source) is in maintenance\(offline)")
        case .cpu:
            let weighted = before.weightedCPU(c)
            let figure =
                before.cpuPct > weighted
                ? "\(Rounding.percent(before.cpuPct)) now, \(Rounding.percent(weighted)) time-weighted" : Rounding.percent(weighted)
            return (
                "cpu_overload", "High CPU on source node",
                "\(source) has high CPU (\(figure), threshold \(Penalty.format(c.cpuThreshold)) %)"
            )
        case .memory:
            return (
                "memory_overload", "High memory on source node",
                "\(source) has high memory use (\(Rounding.percent(before.memoryPct)))"
            )
        case .iowait:
            return (
                "iowait_relief", "Sustained IOWait on source node",
                "\(source) has sustained IOWait (\(Rounding.percent(before.iowaitPct)))"
            )
        case nil:
            return (
                "distribution_balancing", "Uneven guest counts",
                "\(source) runs more guests than the others and this one is small"
            )
        }
    }
}
