import Shared

/// The outcome of trying one bundle on one target.
struct MoveEvaluation: Sendable {
    /// Why the move is not allowed or not worth it.
    enum Failure: Sendable {
        /// A hard rule rules the target out.
        case rule(TargetDisqualification)
        /// The target would end hotter than the source is, or above a threshold the source is under.
        case wouldOverload(String)
        case insufficientImprovement
        case noGain
    }

    let target: Int
    let improvement: Double
    let gain: Double
    /// The target's load once the bundle arrived.
    let targetAfter: NodeLoad?
    let failure: Failure?

    var isFeasible: Bool { failure == nil }
}
