public import Contract

/// The "why not?" of every guest the plan leaves where it is.
enum SkipExplainer {
    static func skipped(_ planner: BatchPlanner, context: PlanningContext) -> [SkippedGuest] {
        let c = planner.configuration
        var result: [SkippedGuest] = []
        result.reserveCapacity(context.guests.count)
        for (index, entry) in context.blocked.sorted(by: { $0.key < $1.key }) {
            let guest = context.guests[index]
            result.append(
                SkippedGuest(
                    vmid: guest.vmid, name: guest.name, type: guest.type, node: guest.node, reason: entry.reason,
                    detail: entry.detail))
        }
        var healthyDetail: [Int: String] = [:]
        var shared = SharedFacts(planner)
        for (index, bundle) in context.bundles.enumerated() where !planner.moved[index] {
            let explanation: Explanation
            if let pressure = planner.pressure(of: bundle.source) {
                explanation = explain(bundle, pressure: pressure, planner: planner, shared: &shared)
            } else if let baseline = planner.seasonalPeak(of: bundle.source) {
                explanation = Explanation(
                    reason: .seasonalBaseline,
                    detail: seasonal(bundle.source, baseline, planner: planner))
            } else {
                let detail = healthyDetail[bundle.source] ?? healthy(bundle.source, planner: planner, configuration: c)
                healthyDetail[bundle.source] = detail
                explanation = Explanation(reason: .sourceMemoryHealthy, detail: detail)
            }
            let improvement = explanation.improvement.map { Rounding.round($0) }
            for member in bundle.guests {
                let guest = context.guests[member]
                result.append(
                    SkippedGuest(
                        vmid: guest.vmid, name: guest.name, type: guest.type, node: guest.node,
                        reason: explanation.reason, detail: explanation.detail, bestTarget: explanation.bestTarget,
                        improvement: improvement, disqualified: explanation.disqualified))
            }
        }
        // Sorted by VMID through their positions, so the large entries are moved once.
        let order = result.indices.sorted { result[$0].vmid != result[$1].vmid ? result[$0].vmid < result[$1].vmid : $0 < $1 }
        return order.map { result[$0] }
    }

    /// What every explanation of one plan reads the same: node scores and the hottest CPU once
    /// the plan is applied, each source's relief gain, and the words for ruled-out targets.
    private struct SharedFacts {
        let totals: [Double?]
        let hottestCPU: Double
        /// By node: under pressure itself, so relief does not send it guests.
        let ioStressed: [Bool]
        var reliefGains: [Double?]
        var disqualifications: TargetDisqualifications

        init(_ planner: BatchPlanner) {
            totals = planner.state.loads.map { $0.map { planner.rules.total(node: $0) } }
            hottestCPU = planner.hottestCPU
            ioStressed = planner.nodes.indices.map { planner.pressure(of: $0) == .iowait }
            reliefGains = planner.reliefGains
            disqualifications = TargetDisqualifications(planner)
        }

        /// The score relieving `source` gains (`BatchPlanner.reliefGain`), worked out once.
        mutating func reliefGain(of source: Int, planner: BatchPlanner) -> Double {
            if let gain = reliefGains[source] { return gain }
            let gain = planner.reliefGain(of: source)
            reliefGains[source] = gain
            return gain
        }
    }

    private struct Explanation {
        var reason: SkipReason
        var detail: String
        var bestTarget: String? = nil
        var improvement: Double? = nil
        var disqualified: [TargetDisqualification] = []
    }

    /// Why a node over its CPU threshold keeps its guests: the load is its usual for this hour.
    private static func seasonal(_ node: Int, _ baseline: HourlyBaseline, planner: BatchPlanner) -> String {
        let name = planner.nodes[node].name
        let cpu = planner.state.loads[node]?.cpuPct ?? 0
        let sigma = planner.configuration.seasonalBaseline.sigmaThreshold
        return "\(name)'s CPU \(Rounding.percent(cpu)) is usual at \(planner.context.hour):00 UTC "
            + "(\(Rounding.percent(baseline.meanPct)) ± \(Rounding.string(baseline.deviationPct, decimals: 1)) over "
            + "\(baseline.samples) samples, within \(Penalty.format(sigma))σ); the seasonal baseline leaves it"
    }

    /// Why a node keeps its guests: healthy now, or healthy once the planned moves are done.
    private static func healthy(_ node: Int, planner: BatchPlanner, configuration c: PenaltyConfiguration) -> String {
        let name = planner.nodes[node].name
        guard let load = planner.state.loads[node] else { return "\(name) cannot be scored" }
        let relieved = planner.moves.contains { $0.source == node }
        let figures =
            "CPU \(Rounding.percent(load.weightedCPU(c))) (threshold \(Penalty.format(c.cpuThreshold)) %), "
            + "memory \(Rounding.percent(load.memoryPct)) (floor \(Penalty.format(c.sourceMemMigrationFloor)) %)"
        return relieved
            ? "After the planned moves \(name) is within its thresholds: \(figures)"
            : "\(name) is healthy: \(figures)"
    }

    /// One target that no hard rule rules out, as the explanation weighs it.
    private struct Option {
        let target: Int
        let improvement: Double
        let gain: Double
        /// The bound the target would break (it is not under pressure on what it is beyond).
        let overload: OverloadReason?

        var isFeasible: Bool { overload == nil }
    }

    /// Why a guest on a node under pressure was not moved.
    private static func explain(
        _ bundle: MoveBundle, pressure: SourcePressure, planner: BatchPlanner, shared: inout SharedFacts
    ) -> Explanation {
        let c = planner.configuration
        guard let source = planner.sourceSide(bundle, pressure: pressure) else {
            return Explanation(reason: .noSuitableTarget, detail: "its node cannot be scored")
        }
        var disqualified: [TargetDisqualification] = []
        var options: [Option] = []
        let strict = pressure != .maintenance
        for target in planner.nodes.indices where target != bundle.source {
            if strict, shared.ioStressed[target], planner.isTarget[target] {
                disqualified.append(shared.disqualifications.underIOWait(target: target))
                continue
            }
            let evaluation = planner.evaluate(
                bundle, target: target, source: source, targetTotal: shared.totals[target] ?? 0,
                strict: strict, hottestCPU: shared.hottestCPU)
            switch evaluation.failure {
            case .rule(let rule):
                disqualified.append(shared.disqualifications.rule(rule, bundle, target: target))
            case .wouldOverload(let why) where why.isUnderPressure:
                let name = planner.nodes[target].name
                disqualified.append(TargetDisqualification(node: name, rule: "rule_under_pressure", detail: why.describe(name)))
            case .wouldOverload(let why):
                options.append(Option(target: target, improvement: evaluation.improvement, gain: evaluation.gain, overload: why))
            case nil:
                options.append(Option(target: target, improvement: evaluation.improvement, gain: evaluation.gain, overload: nil))
            }
        }
        let name = { (index: Int) in planner.nodes[index].name }
        guard let best = options.max(by: { $0.improvement < $1.improvement }) else {
            return Explanation(
                reason: .noSuitableTarget,
                detail: "No node may receive it: "
                    + disqualified.map(\.detail).joined(separator: "; "), disqualified: disqualified)
        }
        let bestAcceptable = options.lazy.filter(\.isFeasible).max(by: { $0.improvement < $1.improvement })
        let gain = shared.reliefGain(of: bundle.source, planner: planner)
        if strict, gain < c.minScoreImprovement {
            let shown = bestAcceptable ?? best
            return Explanation(
                reason: .insufficientImprovement,
                detail: "Relieving \(name(bundle.source)) would improve its score by only \(Rounding.string(gain, decimals: 0)) "
                    + "with every move it needs (minimum \(Penalty.format(c.minScoreImprovement))); best target \(name(shown.target))",
                bestTarget: name(shown.target), improvement: shown.improvement, disqualified: disqualified)
        }
        if planner.capReached, let feasible = options.lazy.filter(\.isFeasible).max(by: { $0.gain < $1.gain }) {
            return Explanation(
                reason: .planCapReached,
                detail: "The plan already holds \(planner.settings.maxMovesPerPlan) moves (max_moves_per_plan); "
                    + "\(name(feasible.target)) would improve its score by \(Rounding.string(feasible.improvement, decimals: 0))",
                bestTarget: name(feasible.target), improvement: feasible.improvement, disqualified: disqualified)
        }
        guard let bestAcceptable else {
            let overloads = options.compactMap { option in option.overload?.describe(name(option.target)) }
            return Explanation(
                reason: .noSuitableTarget,
                detail: "Every allowed target would end up no better off than its source: " + overloads.joined(separator: "; "),
                bestTarget: name(best.target), improvement: best.improvement, disqualified: disqualified)
        }
        return Explanation(
            reason: .noBalanceGain,
            detail: "Moving it would not even out the cluster once the earlier moves are counted (best target \(name(bestAcceptable.target)))",
            bestTarget: name(bestAcceptable.target), improvement: bestAcceptable.improvement, disqualified: disqualified)
    }
}
