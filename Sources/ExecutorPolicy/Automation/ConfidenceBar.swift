/// The confidence a move needs before automation carries it out, by its risk (a risk ×
/// confidence matrix). With `risk_gate` on:
///
/// | risk | needed confidence |
/// |---|---|
/// | above 75 (very high) | never automated |
/// | above 50 (high) | 90, or `min_confidence` when that is higher |
/// | above 25 (moderate) | `min_confidence` |
/// | 25 or less (low) | `min_confidence` − 10, at least 50 — never more than `min_confidence` |
///
/// With `risk_gate` off every move up to risk 75 needs `min_confidence`; above 75 is never
/// automated either way. A bar is met when the confidence is at or above it.
public struct ConfidenceBar: Sendable, Equatable {
    /// The risk bands of a recommendation (`risk.level`).
    public enum Band: String, Sendable, Equatable {
        case low, moderate, high
        case veryHigh = "very_high"
    }

    public var band: Band
    /// The least confidence that passes; nil when no confidence does.
    public var needed: Double?

    public init(band: Band, needed: Double?) {
        self.band = band
        self.needed = needed
    }

    /// The risk above which no move is automated.
    public static let neverAbove = 75.0
    /// The bar of a high-risk move ("very high confidence").
    public static let highRiskConfidence = 90.0
    /// The floor of the lowered bar of a low-risk move.
    public static let lowRiskFloor = 50.0
    /// How far below `min_confidence` the bar of a low-risk move sits.
    public static let lowRiskAllowance = 10.0

    public static func band(risk: Double) -> Band {
        risk > 75 ? .veryHigh : risk > 50 ? .high : risk > 25 ? .moderate : .low
    }

    /// The bar for a move of `risk`.
    public static func forRisk(_ risk: Double, minConfidence: Double, riskGate: Bool) -> ConfidenceBar {
        let band = band(risk: risk)
        let needed: Double?
        switch band {
        case .veryHigh: needed = nil
        case _ where !riskGate: needed = minConfidence
        case .high: needed = max(highRiskConfidence, minConfidence)
        case .moderate: needed = minConfidence
        case .low: needed = min(minConfidence, max(lowRiskFloor, minConfidence - lowRiskAllowance))
        }
        return ConfidenceBar(band: band, needed: needed)
    }

    /// True when `confidence` clears the bar.
    public func passes(_ confidence: Double) -> Bool {
        guard let needed else { return false }
        return confidence >= needed
    }
}
