public import Contract

/// The "why not?" of every guest the plan leaves where it is.
enum SkipExplainer {
    static func skipped(_ planner: BatchPlanner, context: PlanningContext) -> [SkippedGuest] {
        let c = planner.configuration
        var result: [SkippedGuest] = []
        for (index, entry) in context.blocked.sorted(by: { $0.key < $1.key }) {
            let guest = context.guests[index]
            result.append(
                SkippedGuest(
                    vmid: guest.vmid, name: guest.name, type: guest.type, node: guest.node, reason: entry.reason,
                    detail: entry.detail))
        }
        var healthyDetail: [Int: String] = [:]
        let end = EndState(
            totals: planner.state.loads.map { $0.map { planner.rules.total(node: $0) } }, hottestCPU: planner.hottestCPU,
            ioStressed: planner.nodes.indices.map { planner.pressure(of: $0) == .iowait })
        for (index, bundle) in context.bundles.enumerated() where !planner.moved[index] {
            let explanation: Explanation
            if let pressure = planner.pressure(of: bundle.source) {
                explanation = explain(bundle, pressure: pressure, planner: planner, end: end)
            } else if let baseline = planner.seasonalPeak(of: bundle.source) {
                explanation = Explanation(
                    reason: .seasonalBaseline,
                    detail: seasonal(bundle.source, baseline, planner: planner))
            } else {
                let detail = healthyDetail[bundle.source] ?? healthy(bundle.source, planner: planner, configuration: c)
                healthyDetail[bundle.source] = detail
                explanation = Explanation(reason: .sourceMemoryHealthy, detail: detail)
            }
            for member in bundle.guests {
                let guest = context.guests[member]
                result.append(
                    SkippedGuest(
                        vmid: guest.vmid, name: guest.name, type: guest.type, node: guest.node,
                        reason: explanation.reason, detail: explanation.detail, bestTarget: explanation.bestTarget,
                        improvement: explanation.improvement.map { Rounding.round($0) },
                        disqualified: explanation.disqualified))
            }
        }
        return result.sorted { $0.vmid < $1.vmid }
    }

    /// Node scores and the hottest CPU once the plan is applied, shared by every explanation.
    private struct EndState {
        let totals: [Double?]
        let hottestCPU: Double
        /// By node: under pressure itself, so relief does not send it guests.
        let ioStressed: [Bool]
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

    /// Why a guest on a node under pressure was not moved.
    private static func explain(
        _ bundle: MoveBundle, pressure: SourcePressure, planner: BatchPlanner, end: EndState
    ) -> Explanation {
        let c = planner.configuration
        guard let source = planner.sourceSide(bundle, pressure: pressure) else {
            return Explanation(reason: .noSuitableTarget, detail: "its node cannot be scored")
        }
        var disqualified: [TargetDisqualification] = []
        var evaluations: [MoveEvaluation] = []
        let strict = pressure != .maintenance
        for target in planner.nodes.indices where target != bundle.source {
            let name = planner.nodes[target].name
            if strict, end.ioStressed[target], planner.isTarget[target] {
                disqualified.append(
                    TargetDisqualification(
                        node: name, rule: "rule_under_pressure", detail: "\(name) is under IOWait pressure itself"))
                continue
            }
            let evaluation = planner.evaluate(
                bundle, target: target, source: source, targetTotal: end.totals[target] ?? 0,
                strict: strict, hottestCPU: end.hottestCPU)
            switch evaluation.failure {
            case .rule(let rule):
                disqualified.append(planner.disqualification(rule, bundle, target: target))
            case .wouldOverload(let why) where why.isUnderPressure:
                disqualified.append(TargetDisqualification(node: name, rule: "rule_under_pressure", detail: why.describe(name)))
            default:
                evaluations.append(evaluation)
            }
        }
        let name = { (index: Int) in planner.nodes[index].name }
        guard let best = evaluations.max(by: { $0.improvement < $1.improvement }) else {
            return Explanation(
                reason: .noSuitableTarget,
                detail: "No node may receive it: "
                    + disqualified.map(\.detail).joined(separator: "; "), disqualified: disqualified)
        }
        let acceptable = evaluations.filter { evaluation in
            if case .wouldOverload = evaluation.failure { return false }
            return true
        }
        let gain = planner.reliefGains[bundle.source] ?? planner.reliefGain(of: bundle.source)
        if strict, gain < c.minScoreImprovement {
            let shown = acceptable.max(by: { $0.improvement < $1.improvement }) ?? best
            return Explanation(
                reason: .insufficientImprovement,
                detail: "Relieving \(name(bundle.source)) would improve its score by only \(Rounding.string(gain, decimals: 0)) "
                    + "with every move it needs (minimum \(Penalty.format(c.minScoreImprovement))); best target \(name(shown.target))",
                bestTarget: name(shown.target), improvement: shown.improvement, disqualified: disqualified)
        }
        if planner.capReached, evaluations.contains(where: \.isFeasible) {
            let feasible = evaluations.filter(\.isFeasible).max { $0.gain < $1.gain } ?? best
            return Explanation(
                reason: .planCapReached,
                detail: "The plan already holds \(planner.settings.maxMovesPerPlan) moves (max_moves_per_plan); "
                    + "\(name(feasible.target)) would improve its score by \(Rounding.string(feasible.improvement, decimals: 0))",
                bestTarget: name(feasible.target), improvement: feasible.improvement, disqualified: disqualified)
        }
        guard let bestAcceptable = acceptable.max(by: { $0.improvement < $1.improvement }) else {
            let overloads = evaluations.compactMap { evaluation -> String? in
                if case .wouldOverload(let why) = evaluation.failure { return why.describe(name(evaluation.target)) }
                return nil
            }
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
