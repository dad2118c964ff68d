public import Contract
public import Foundation

/// The scoring engine's entry points: pure functions of a `PlanInput` (no clock, no I/O).
public enum Planner {
    /// The recommendation set for `input`. A stale snapshot, a cluster without quorum or one
    /// without a node that can take guests gives an empty plan whose status and message say why.
    ///
    /// With `min_confidence`, a move under it keeps its guest in place and the plan is made again
    /// without it (up to `ConfidenceGate.rounds` times), so the summary and the order describe
    /// exactly the moves recommended and another guest may take the refused one's place. When
    /// every round still finds moves under it, the last one moves only the guests whose moves
    /// met it in the round before.
    public static func plan(_ input: PlanInput) -> RecommendationSet {
        var input = input
        var confident: Set<Int> = []
        for _ in 0..<ConfidenceGate.rounds {
            let (plan, refused) = planOnce(input)
            if refused.isEmpty { return plan }
            input.held.merge(refused) { $1 }
            confident = Set(plan.recommendations.map(\.vmid))
        }
        let minimum = Penalty.format(input.settings.minConfidence)
        input.movableOnly = (
            confident,
            "min_confidence \(minimum) refused the moves found for other guests \(ConfidenceGate.rounds) times; only moves that met it are planned"
        )
        return planOnce(input).plan
    }

    /// One round of `plan`, and the guests whose own move `min_confidence` refused in it.
    private static func planOnce(_ input: PlanInput) -> (plan: RecommendationSet, refused: [Int: String]) {
        let context = PlanningContext(input)
        var planner = BatchPlanner(context: context, settings: input.settings)
        let snapshot = input.snapshot
        let refusal = refusal(input, context: context)
        let pressured = context.nodes.indices.filter { planner.pressure(of: $0) != nil }
        if refusal == nil { planner.run() }
        let clusterHealth = SummaryBuilder.clusterHealth(
            context.initialState, context.nodes.indices.filter { context.nodes[$0].load != nil }, planner.rules)
        let planned = TrendAdvisor.annotate(
            RecommendationAssembler.recommendations(planner, context: context, clusterHealth: clusterHealth), input)
        let (recommendations, unsure) = ConfidenceGate.apply(planned, minimum: input.settings.minConfidence)
        let summary = SummaryBuilder.summary(
            planner, context: context, recommendations: recommendations, healthBefore: clusterHealth,
            balanced: refusal == nil && pressured.isEmpty && recommendations.isEmpty)
        let pressuredNames = pressured.map { context.nodes[$0].name }
        let (status, message) =
            refusal ?? headline(recommendations, summary: summary, pressured: pressuredNames, input.settings.penalties)
        var plan = RecommendationSet(
            cluster: snapshot.cluster, generatedAt: input.now, snapshotAt: snapshot.collectedAt,
            snapshotCycle: snapshot.collection.cycle, status: status, message: message,
            recommendations: recommendations,
            skipped: refusal == nil ? SkipExplainer.skipped(planner, context: context) + unsure : [], summary: summary)
        if refusal == nil, !input.trends.nodes.isEmpty { plan.forecasts = TrendAdvisor.forecasts(input) }
        return (plan, ConfidenceGate.refused(planned, minimum: input.settings.minConfidence))
    }

    /// The status and one-sentence message of a plan that could be made.
    static func headline(
        _ recommendations: [Recommendation], summary: PlanSummary, pressured: [String], _ c: PenaltyConfiguration
    ) -> (PlanStatus, String) {
        if !recommendations.isEmpty {
            let leaders = recommendations.filter { $0.kind != .ruleRepair && $0.kind != .affinityCompanion }
            let sources = Set(leaders.map(\.source)).sorted().joined(separator: ", ")
            let repairs = summary.ruleViolations.filter(\.repaired).count
            var purpose = sources.isEmpty ? [] : ["relieve \(sources)"]
            if repairs > 0 { purpose.append("repair \(repairs) placement rule\(repairs == 1 ? "" : "s")") }
            if purpose.isEmpty { purpose = ["repair placement rules"] }
            let count = recommendations.count
            let more = summary.remainingReliefMoves ?? 0
            return (
                .recommendations,
                "\(count) move\(count == 1 ? "" : "s") recommended to \(purpose.joined(separator: " and ")); "
                    + "max CPU \(Rounding.percent(summary.maxCpuPctBefore)) → \(Rounding.percent(summary.maxCpuPctAfter)), "
                    + "memory \(Rounding.percent(summary.maxMemoryPctBefore)) → \(Rounding.percent(summary.maxMemoryPctAfter))"
                    + (more > 0 ? "; \(more) more move\(more == 1 ? "" : "s") needed beyond max_moves_per_plan" : "")
            )
        }
        if pressured.isEmpty {
            return (
                .balanced,
                "Cluster is balanced: no node is above its thresholds (CPU \(Penalty.format(c.cpuThreshold)) %, "
                    + "memory floor \(Penalty.format(c.sourceMemMigrationFloor)) %); CPU spread \(Rounding.percent(summary.cpuSpreadBefore)), "
                    + "memory spread \(Rounding.percent(summary.memorySpreadBefore))"
            )
        }
        return (
            .noImprovement,
            "\(pressured.joined(separator: ", ")) \(pressured.count == 1 ? "is" : "are") under pressure but no move helps; see skipped for why"
        )
    }

    /// Why no plan may be made from `input`, if so.
    static func refusal(_ input: PlanInput, context: PlanningContext) -> (PlanStatus, String)? {
        let snapshot = input.snapshot
        if input.isStale {
            let age = Int(input.now.timeIntervalSince(snapshot.collectedAt))
            return (
                .stale,
                "The cluster snapshot is \(age) s old (more than \(Penalty.format(input.settings.staleAfterIntervals)) collection intervals); nothing is recommended until a fresh one arrives"
            )
        }
        if !snapshot.quorum.quorate {
            return (.unavailable, "The cluster has no quorum; nothing is recommended until it is quorate again")
        }
        if !context.nodes.contains(where: \.isTarget) {
            return (.unavailable, "No node can take guests (all offline, in maintenance or without metrics)")
        }
        return nil
    }

    /// Every node's score now (no move applied).
    public static func scores(_ input: PlanInput) -> NodeScoresReport {
        let rules = ScoringRules(input.settings.penalties)
        let entries = PlanningNode.nodes(of: input).map { node in
            NodeScoreEntry(
                node: node.name, online: node.online, maintenance: node.maintenance,
                score: node.load.map { rules.score(node: $0).published },
                cpuTrendPctPerDay: input.history[node.name].map { Rounding.round($0.cpuSlopePctPerDay, 2) },
                cpuStability: input.history[node.name].map { Rounding.round($0.cpuStability) },
                state: TrendAdvisor.state(of: node.name, input)?.state.rawValue, urgency: TrendAdvisor.state(of: node.name, input)?.urgency,
                note: node.online ? node.scoringProblem : "offline")
        }
        return NodeScoresReport(
            cluster: input.snapshot.cluster, generatedAt: input.now, snapshotAt: input.snapshot.collectedAt, nodes: entries)
    }

    /// Every node's suitability for guest `vmid` as the cluster is now, or `nil` when the
    /// snapshot has no such guest.
    public static func migrationOptions(vmid: Int, _ input: PlanInput) -> MigrationOptions? {
        let context = PlanningContext(input)
        guard let guestIndex = context.guests.firstIndex(where: { $0.vmid == vmid }),
            let bundle = context.singleBundle(guestIndex, settings: input.settings)
        else { return nil }
        let guest = context.guests[guestIndex]
        let sourceIndex = bundle.source
        let planner = BatchPlanner(context: context, settings: input.settings)
        let rules = planner.rules
        let load = bundle.load
        let sourceLoad = context.initialState.loads[sourceIndex]
        let current = sourceLoad.map { rules.score(node: $0) }
        var options: [MigrationOptions.TargetOption] = []
        var disqualified: [TargetDisqualification] = []
        for target in context.nodes.indices where target != sourceIndex {
            if let rule = planner.disqualification(bundle, target: target) {
                disqualified.append(rule)
            } else if let targetLoad = context.initialState.loads[target] {
                let score = rules.score(node: targetLoad.moving(load, arriving: true))
                options.append(
                    MigrationOptions.TargetOption(
                        node: context.nodes[target].name, score: score.published,
                        improvement: Rounding.round((current?.total ?? 0) - score.total), suitability: score.suitability))
            }
        }
        options.sort { $0.score.total < $1.score.total }
        let emptyScore = ScoreBreakdown(
            node: guest.node, total: 0, suitability: 0, cpuPct: 0, memoryPct: 0, iowaitPct: 0, health: 0,
            predictedHealth: 0, headroom: 0, penalties: [], penaltyTotal: 0, cpuStabilityFactor: 1, memoryScale: 1)
        return MigrationOptions(
            vmid: vmid, name: guest.name, node: guest.node, current: current?.published ?? emptyScore,
            options: options, disqualified: disqualified,
            blockedBy: GuestEligibility.blocker(guest, evacuating: input.maintenance.contains(guest.node))?.reason)
    }
}
