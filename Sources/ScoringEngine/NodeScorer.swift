/// Scores a node, now or after guests arrive and leave. Pure: same inputs, same score. Lower is better.
///
/// `total = 0.25 health + 0.40 predicted health + 0.20 headroom + 0.15 storage usage + Σ penalties`.
public enum NodeScorer {
    /// The score of `node` once `adding` have arrived and `removing` have left.
    public static func score(
        node: NodeLoad, adding: [GuestLoad] = [], removing: [GuestLoad] = [],
        configuration: PenaltyConfiguration = PenaltyConfiguration()
    ) -> NodeScore {
        ScoringRules(configuration).score(node: node, arriving: .sum(adding), leaving: .sum(removing))
    }
}

extension ScoringRules {
    /// The full score, with its penalty breakdown, of `node` once `arriving` came and `leaving` left.
    public func score(node: NodeLoad, arriving: GuestLoad = .zero, leaving: GuestLoad = .zero) -> NodeScore {
        let parts = components(node: node, arriving: arriving, leaving: leaving)
        return NodeScore(
            node: node.name, cpuPct: parts.cpu, memoryPct: node.memoryPct, iowaitPct: parts.iowait,
            predicted: parts.predicted, penalties: PenaltyBreakdown(parts.penalties), health: parts.health,
            predictedHealth: parts.predictedHealth, headroom: parts.headroom, total: parts.total)
    }

    /// Just the total of `score(node:arriving:leaving:)`, without building the breakdown.
    public func total(node: NodeLoad, arriving: GuestLoad = .zero, leaving: GuestLoad = .zero) -> Double {
        components(node: node, arriving: arriving, leaving: leaving).total
    }

    private struct Components {
        var cpu: Double
        var iowait: Double
        var predicted: PredictedLoad
        var penalties: PenaltyVector
        var health: Double
        var predictedHealth: Double
        var headroom: Double
        var total: Double
    }

    private func components(node: NodeLoad, arriving: GuestLoad, leaving: GuestLoad) -> Components {
        let predicted = PredictedLoad(node: node, arriving: arriving, leaving: leaving)
        let penalties = penalties(node: node, predicted: predicted)
        let cpu = node.weightedCPU(configuration)
        let memory = node.memoryPct
        let iowait = node.weightedIOWait(configuration)
        let loadPct = node.load1 / Double(node.cpuThreads) * 100
        let health = cpu * 0.40 + memory * 0.15 + iowait * 0.25 + loadPct * 0.10 + node.storageUsagePct * 0.10
        let predictedHealth =
            predicted.cpuPct * 0.40 + predicted.memoryPct * 0.15 + predicted.iowaitPct * 0.25 + cpu * 0.15
            + memory * 0.05
        let headroom = 100 - ((100 - predicted.cpuPct) * 0.65 + (100 - predicted.memoryPct) * 0.35)
        let total =
            0.25 * health + 0.40 * predictedHealth + 0.20 * headroom + 0.15 * node.storageUsagePct + penalties.total
        return Components(
            cpu: cpu, iowait: iowait, predicted: predicted, penalties: penalties, health: health,
            predictedHealth: predictedHealth, headroom: headroom, total: total)
    }
}
