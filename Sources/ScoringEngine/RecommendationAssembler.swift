public import Contract
public import ProxmoxAPI

/// Turns the accepted moves into published recommendations: one per guest, in execution order,
/// with dependencies, reasons, confidence, risk, breakdowns and the CLI command.
enum RecommendationAssembler {
    static func recommendations(
        _ planner: BatchPlanner, context: PlanningContext, clusterHealth: Double
    ) -> [Recommendation] {
        let c = planner.settings.penalties
        let rules = planner.rules
        var result: [Recommendation] = []
        for move in planner.moves {
            let bundle = context.bundles[move.bundle]
            let source = context.nodes[move.source].name
            let target = context.nodes[move.target].name
            let sourceBefore = rules.score(node: move.sourceBefore).published
            let sourceAfter = rules.score(node: move.sourceAfter).published
            let targetBefore = rules.score(node: move.targetBefore).published
            let targetAfterScore = rules.score(node: move.targetAfter)
            let targetAfter = targetAfterScore.published
            let leaderStep = result.count + 1
            for (position, guestIndex) in bundle.guests.enumerated() {
                let guest = context.guests[guestIndex]
                let leader = position == 0 ? nil : context.guests[bundle.guests[0]]
                let local = guest.storages.filter { context.localStorages.contains($0) }.sorted()
                let factors = ConfidenceModel.factors(
                    improvement: move.improvement, minimumImprovement: c.minScoreImprovement,
                    targetAfter: move.targetAfter, targetPenalties: targetAfterScore.penalties.total, guest: guest,
                    history: context.historyFactor)
                let step = result.count + 1
                let options = MigrationOptionsChoice.options(
                    type: guest.type, running: guest.isRunning, hasLocalDisks: !local.isEmpty)
                var dependsOn = Set(result.filter { $0.source == target }.map(\.step))
                if leader != nil { dependsOn.insert(leaderStep) }
                result.append(
                    Recommendation(
                        id: "\(guest.vmid):\(source):\(target)", step: step, dependsOn: dependsOn.sorted(),
                        vmid: guest.vmid, name: guest.name, type: guest.type, source: source, target: target,
                        kind: leader == nil ? move.kind : .affinityCompanion,
                        urgency: urgency(move, configuration: c),
                        scoreImprovement: Rounding.round(move.improvement), balanceGain: Rounding.round(move.gain),
                        reason: ReasonBuilder.reason(
                            for: move, guest: guest, source: source, target: target, companionOf: leader,
                            configuration: c, avoided: move.costPreferred.map { context.guests[context.bundles[$0.avoided].guests[0]] },
                            linkGbps: planner.cost.linkGbps,
                            swap: move.swap.map {
                                (context.guests[$0.guest], context.nodes[$0.source].name, context.nodes[$0.target].name)
                            }),
                        confidence: ConfidenceModel.confidence(factors), confidenceFactors: factors,
                        risk: RiskModel.risk(guest, localStorages: local, clusterHealth: clusterHealth),
                        sourceBefore: sourceBefore, sourceAfter: sourceAfter, targetBefore: targetBefore,
                        targetAfter: targetAfter,
                        mode: options.mode,
                        command: MigrationCommandLine.command(
                            type: guest.type, vmid: guest.vmid, target: target, options: options),
                        affinityGroup: bundle.affinityGroup, memoryMaxBytes: guest.memoryMaxBytes,
                        cpuCores: Rounding.round(guest.cpuCores, 3), storages: guest.storages,
                        haManaged: guest.isHAManaged))
            }
        }
        return result
    }

    /// Maintenance is high; overload is critical / high / medium by how far the source is over
    /// its threshold (offset 2, offset 1, at it); IOWait is high; a rule repair is medium;
    /// distribution is low.
    static func urgency(_ move: PlannedMove, configuration c: PenaltyConfiguration) -> Urgency {
        let source = move.sourceBefore
        if move.kind == .ruleRepair { return .medium }
        switch move.pressure {
        case .maintenance, .iowait: return .high
        case nil: return .low
        case .cpu, .memory:
            // The higher of CPU now and time-weighted, as the source gate reads it.
            let cpu = SourcePressure.cpuExcess(source, c) + c.cpuThreshold
            let memory = source.memoryPct
            if cpu > c.cpuThreshold + c.cpuThresholdOffset2 || memory > c.memThreshold + c.memThresholdOffset2 {
                return .critical
            }
            if cpu > c.cpuThreshold + c.cpuThresholdOffset1 || memory > c.memThreshold + c.memThresholdOffset1 {
                return .high
            }
            return cpu > c.cpuThreshold || memory > c.memThreshold ? .medium : .low
        }
    }

    /// Steps grouped by dependency depth: a step runs in the group after its latest dependency.
    static func parallelGroups(_ recommendations: [Recommendation]) -> [[Int]] {
        var level: [Int: Int] = [:]
        var groups: [[Int]] = []
        for recommendation in recommendations {
            let depth = (recommendation.dependsOn.compactMap { level[$0] }.max() ?? -1) + 1
            level[recommendation.step] = depth
            if groups.count <= depth { groups.append([]) }
            groups[depth].append(recommendation.step)
        }
        return groups
    }

    /// The execution order with a reason per step.
    static func executionOrder(_ recommendations: [Recommendation]) -> [PlanStep] {
        // By step: the steps (not companions) that wait for it, in plan order.
        var waiting: [Int: [Int]] = [:]
        for recommendation in recommendations where recommendation.kind != .affinityCompanion {
            for step in Set(recommendation.dependsOn) { waiting[step, default: []].append(recommendation.step) }
        }
        return recommendations.map { recommendation in
            let freed = waiting[recommendation.step] ?? []
            let reason: String
            if recommendation.kind == .affinityCompanion, let leader = recommendation.dependsOn.last {
                reason = "Follows step \(leader) (\(recommendation.affinityGroup ?? "affinity") group)"
            } else if !recommendation.dependsOn.isEmpty {
                reason =
                    "Waits for step \(recommendation.dependsOn.map(String.init).joined(separator: ", ")) to free room on \(recommendation.target)"
            } else if !freed.isEmpty {
                reason = "Frees room on \(recommendation.source) for step \(freed.map(String.init).joined(separator: ", "))"
            } else {
                reason = "Independent"
            }
            return PlanStep(
                step: recommendation.step, vmid: recommendation.vmid, source: recommendation.source,
                target: recommendation.target, dependsOn: recommendation.dependsOn, reason: reason)
        }
    }
}
