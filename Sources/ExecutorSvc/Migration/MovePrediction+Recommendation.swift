import Contract

extension MovePrediction {
    /// What the plan forecast for `move`.
    init(recommendation move: Recommendation) {
        self.init(
            scoreImprovement: move.scoreImprovement, sourceCpuPctBefore: move.sourceBefore.cpuPct,
            sourceCpuPctAfter: move.sourceAfter.cpuPct, targetCpuPctBefore: move.targetBefore.cpuPct,
            targetCpuPctAfter: move.targetAfter.cpuPct, confidence: move.confidence, riskScore: move.risk.score)
    }
}
