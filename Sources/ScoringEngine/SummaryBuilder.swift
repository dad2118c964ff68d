import Contract

/// The plan's summary: health, per-node before → after, spread, maxima, conflicts, ordering and
/// advisories.
enum SummaryBuilder {
    static func summary(
        _ planner: BatchPlanner, context: PlanningContext, recommendations: [Recommendation], healthBefore: Double,
        balanced: Bool
    ) -> PlanSummary {
        let c = planner.configuration
        let rules = planner.rules
        let before = context.initialState
        let after = planner.state
        let nodes = context.nodes.indices.map { index in
            let node = context.nodes[index]
            let start = before.loads[index]
            let end = after.loads[index]
            return NodeForecast(
                node: node.name, online: node.online, maintenance: node.maintenance,
                cpuPctBefore: Rounding.round(start?.cpuPct ?? 0), cpuPctAfter: Rounding.round(end?.cpuPct ?? 0),
                memoryPctBefore: Rounding.round(start?.memoryPct ?? 0),
                memoryPctAfter: Rounding.round(end?.memoryPct ?? 0), guestsBefore: before.running[index],
                guestsAfter: after.running[index],
                scoreBefore: Rounding.round(start.map { rules.total(node: $0) } ?? 0),
                scoreAfter: Rounding.round(end.map { rules.total(node: $0) } ?? 0))
        }
        let usable = context.nodes.indices.filter { context.nodes[$0].isTarget }
        let startLoads = usable.compactMap { before.loads[$0] }
        let endLoads = usable.compactMap { after.loads[$0] }
        let online = context.nodes.indices.filter { context.nodes[$0].load != nil }
        func spread(_ loads: [NodeLoad], _ value: (NodeLoad) -> Double) -> Double {
            guard let high = loads.map(value).max(), let low = loads.map(value).min() else { return 0 }
            return high - low
        }
        func maximum(_ state: PlanState, _ value: (NodeLoad) -> Double) -> Double {
            online.compactMap { state.loads[$0].map(value) }.max() ?? 0
        }
        let cpuSpreadBefore = spread(startLoads, \.cpuPct)
        let cpuSpreadAfter = spread(endLoads, \.cpuPct)
        let memorySpreadBefore = spread(startLoads, \.memoryPct)
        let memorySpreadAfter = spread(endLoads, \.memoryPct)
        let widestBefore = max(cpuSpreadBefore, memorySpreadBefore)
        let widestAfter = max(cpuSpreadAfter, memorySpreadAfter)
        let running = context.guests.filter { $0.isRunning && !$0.template }.count
        let targets = Set(recommendations.map(\.target))
        let conflicts = targets.sorted().compactMap { target -> PlanConflict? in
            guard let index = context.nodeIndex[target], let load = after.loads[index],
                load.cpuPct > 85 || load.memoryPct > 90
            else { return nil }
            return PlanConflict(
                target: target, vmids: recommendations.filter { $0.target == target }.map(\.vmid),
                combinedCpuPct: Rounding.round(load.cpuPct), combinedMemoryPct: Rounding.round(load.memoryPct),
                detail:
                    "\(target) would reach \(Rounding.percent(load.cpuPct)) CPU / \(Rounding.percent(load.memoryPct)) memory with every planned arrival (limits 85 % / 90 %)"
            )
        }
        var urgency = recommendations.map(\.urgency).max() ?? .none
        if recommendations.isEmpty {
            let pressured = online.contains { planner.pressure(of: $0) != nil }
            urgency = pressured ? .medium : .none
        }
        return PlanSummary(
            clusterHealthBefore: healthBefore,
            clusterHealthAfter: clusterHealth(after, online, rules), urgency: urgency, balanced: balanced,
            nodes: nodes, cpuSpreadBefore: Rounding.round(cpuSpreadBefore), cpuSpreadAfter: Rounding.round(cpuSpreadAfter),
            memorySpreadBefore: Rounding.round(memorySpreadBefore),
            memorySpreadAfter: Rounding.round(memorySpreadAfter),
            spreadReductionPct: widestBefore > 0 ? Rounding.round((widestBefore - widestAfter) / widestBefore * 100) : 0,
            maxCpuPctBefore: Rounding.round(maximum(before, \.cpuPct)),
            maxCpuPctAfter: Rounding.round(maximum(after, \.cpuPct)),
            maxMemoryPctBefore: Rounding.round(maximum(before, \.memoryPct)),
            maxMemoryPctAfter: Rounding.round(maximum(after, \.memoryPct)), guestsConsidered: running,
            moves: recommendations.count,
            guestsMovedPct: running > 0 ? Rounding.round(Double(recommendations.count) / Double(running) * 100) : 0,
            conflicts: conflicts, executionOrder: RecommendationAssembler.executionOrder(recommendations),
            parallelGroups: RecommendationAssembler.parallelGroups(recommendations),
            advisories: CapacityAdvisor.advisories(endLoads, configuration: c),
            remainingReliefMoves: planner.remainingReliefMoves(),
            ruleViolations: RuleViolationReport.violations(planner, context: context))
    }

    /// 100 − the cluster's load: the mean of the scorable nodes' health figures (0.40 CPU, 0.15
    /// memory, 0.25 IOWait, 0.10 load per thread, 0.10 storage; higher is more loaded) blended
    /// half and half with the highest one, within 0–100. Moving load off a hotspot leaves the
    /// mean as it was but lowers the highest, so health rises; an even cluster scores 100 − mean.
    static func clusterHealth(_ state: PlanState, _ nodes: [Int], _ rules: ScoringRules) -> Double {
        let loads = nodes.compactMap { state.loads[$0].map { rules.score(node: $0).health } }
        guard let worst = loads.max() else { return 0 }
        let mean = loads.reduce(0, +) / Double(loads.count)
        return Rounding.round(min(100, max(0, 100 - (mean + worst) / 2)))
    }
}
