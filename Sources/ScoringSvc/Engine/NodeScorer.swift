/// Scores a node, now or after guests arrive and leave (the reference's
/// `calculate_target_node_score`). Pure: same inputs, same score.
public enum NodeScorer {
    /// The score of `node` once `adding` have arrived and `removing` have left.
    public static func score(
        node: NodeLoad, adding: [GuestLoad] = [], removing: [GuestLoad] = [],
        configuration: PenaltyConfiguration = PenaltyConfiguration()
    ) -> NodeScore {
        let predicted = PredictedLoad(node: node, adding: adding, removing: removing)
        let penalties = NodePenalties.breakdown(node: node, predicted: predicted, configuration: configuration)
        let cpu = node.weightedCPU(configuration)
        let memory = node.memoryPct
        let iowait = node.weightedIOWait(configuration)
        let loadPct = node.load1 / Double(node.cpuThreads) * 100
        let health = cpu * 0.40 + memory * 0.15 + iowait * 0.25 + loadPct * 0.10 + node.storageUsagePct * 0.10
        let predictedHealth =
            predicted.cpuPct * 0.40 + predicted.memoryPct * 0.15 + predicted.iowaitPct * 0.25 + cpu * 0.15 + memory * 0.05
        let headroom = 100 - ((100 - predicted.cpuPct) * 0.65 + (100 - predicted.memoryPct) * 0.35)
        let total =
            0.25 * health + 0.40 * predictedHealth + 0.20 * headroom + 0.15 * node.storageUsagePct + penalties.total
        return NodeScore(
            node: node.name, cpuPct: cpu, memoryPct: memory, iowaitPct: iowait, predicted: predicted,
            penalties: penalties, health: health, predictedHealth: predictedHealth, headroom: headroom, total: total)
    }
}
