import Foundation

/// A node's score with every part that made it (lower is better), as published.
public struct ScoreBreakdown: Codable, Sendable, Equatable {
    public var node: String
    /// Σ of the weighted load terms and the penalties.
    public var total: Double
    /// `100 − min(total, 100)`: 100 is an ideal target, 0 an unusable one.
    public var suitability: Double
    /// Load the score was computed for (after the moves it describes).
    public var cpuPct: Double
    public var memoryPct: Double
    public var iowaitPct: Double
    /// Weighted load now (0.40 CPU, 0.15 memory, 0.25 IOWait, 0.10 load/thread, 0.10 storage).
    public var health: Double
    public var predictedHealth: Double
    public var headroom: Double
    /// Applied penalties; families that did not trigger are absent.
    public var penalties: [PenaltyItem]
    public var penaltyTotal: Double
    /// Multiplier applied to CPU penalties from the node's stability (1 when unknown).
    public var cpuStabilityFactor: Double
    /// Factor applied to memory penalties to keep them under their cap (1 when under it).
    public var memoryScale: Double

    public init(
        node: String, total: Double, suitability: Double, cpuPct: Double, memoryPct: Double, iowaitPct: Double,
        health: Double, predictedHealth: Double, headroom: Double, penalties: [PenaltyItem], penaltyTotal: Double,
        cpuStabilityFactor: Double, memoryScale: Double
    ) {
        self.node = node
        self.total = total
        self.suitability = suitability
        self.cpuPct = cpuPct
        self.memoryPct = memoryPct
        self.iowaitPct = iowaitPct
        self.health = health
        self.predictedHealth = predictedHealth
        self.headroom = headroom
        self.penalties = penalties
        self.penaltyTotal = penaltyTotal
        self.cpuStabilityFactor = cpuStabilityFactor
        self.memoryScale = memoryScale
    }
}

/// One penalty in a breakdown: `cpu_current` 20 "82.0 % > 60 %".
public struct PenaltyItem: Codable, Sendable, Equatable {
    public var family: String
    public var points: Double
    public var reason: String

    public init(family: String, points: Double, reason: String) {
        self.family = family
        self.points = points
        self.reason = reason
    }
}
