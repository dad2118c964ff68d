public import Contract

/// A node's score for one candidate move: lower is better.
public struct NodeScore: Codable, Sendable, Equatable {
    public var node: String
    /// Time-weighted CPU %, current memory %, time-weighted IOWait %.
    public var cpuPct: Double
    public var memoryPct: Double
    public var iowaitPct: Double
    public var predicted: PredictedLoad
    public var penalties: PenaltyBreakdown
    /// Load now: CPU 40 %, memory 15 %, IOWait 25 %, load average per thread 10 %, storage 10 %.
    public var health: Double
    /// Load after the moves: predicted CPU 40 %, memory 15 %, IOWait 25 %, plus current CPU 15 %, memory 5 %.
    public var predictedHealth: Double
    /// `100 − ((100 − predicted CPU) × 0.65 + (100 − predicted memory) × 0.35)`: higher means less room left.
    public var headroom: Double
    /// `0.25 health + 0.40 predicted health + 0.20 headroom + 0.15 storage usage + Σ penalties`.
    public var total: Double
    /// `max(0, 100 − min(total, 100))`, rounded to one decimal: 100 is an ideal target, 0 an unusable one.
    public var suitability: Double

    public init(
        node: String, cpuPct: Double, memoryPct: Double, iowaitPct: Double, predicted: PredictedLoad,
        penalties: PenaltyBreakdown, health: Double, predictedHealth: Double, headroom: Double, total: Double
    ) {
        self.node = node
        self.cpuPct = cpuPct
        self.memoryPct = memoryPct
        self.iowaitPct = iowaitPct
        self.predicted = predicted
        self.penalties = penalties
        self.health = health
        self.predictedHealth = predictedHealth
        self.headroom = headroom
        self.total = total
        self.suitability = (max(0, 100 - min(total, 100)) * 10).rounded() / 10
    }
}

extension NodeScore {
    /// The published form, numbers rounded to one decimal.
    public var published: ScoreBreakdown {
        let r = { (value: Double) in Rounding.round(value) }
        return ScoreBreakdown(
            node: node, total: r(total), suitability: suitability, cpuPct: r(predicted.cpuPct),
            memoryPct: r(predicted.memoryPct), iowaitPct: r(predicted.iowaitPct), health: r(health),
            predictedHealth: r(predictedHealth), headroom: r(headroom),
            penalties: penalties.penalties.map {
                PenaltyItem(family: $0.family.rawValue, points: Rounding.round($0.value, 2), reason: $0.reason)
            },
            penaltyTotal: r(penalties.total), cpuStabilityFactor: penalties.cpuStabilityFactor,
            memoryScale: Rounding.round(penalties.memoryScale, 3))
    }
}
