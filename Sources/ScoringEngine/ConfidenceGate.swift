public import Contract

/// `min_confidence`: moves less sure than it are not recommended. A move that depends on one
/// left out is left out too; the moves kept are numbered again from 1. Pure.
public enum ConfidenceGate {
    /// How many times `Planner.plan` plans at most, holding back the refused guests each time.
    public static let rounds = 4

    /// The guests whose own move is under `minimum` (not those that only depend on one), with
    /// the sentence saying so.
    public static func refused(_ recommendations: [Recommendation], minimum: Double) -> [Int: String] {
        guard minimum > 0 else { return [:] }
        var refused: [Int: String] = [:]
        for recommendation in recommendations where recommendation.confidence < minimum {
            refused[recommendation.vmid] = sentence(recommendation.confidence, minimum)
        }
        return refused
    }

    private static func sentence(_ confidence: Double, _ minimum: Double) -> String {
        "Confidence \(Penalty.format(confidence)) is under min_confidence \(Penalty.format(minimum))"
    }

    /// The recommendations at or above `minimum` confidence (steps renumbered, `depends_on`
    /// following), and a `low_confidence` skipped entry for each one left out.
    public static func apply(_ recommendations: [Recommendation], minimum: Double) -> (kept: [Recommendation], skipped: [SkippedGuest]) {
        guard minimum > 0 else { return (recommendations, []) }
        var dropped: [Int: String] = [:]
        for recommendation in recommendations.sorted(by: { $0.step < $1.step }) {
            if recommendation.confidence < minimum {
                dropped[recommendation.step] = sentence(recommendation.confidence, minimum)
            } else if let step = recommendation.dependsOn.first(where: { dropped[$0] != nil }) {
                dropped[recommendation.step] = "It depends on step \(step), which is not recommended (min_confidence)"
            }
        }
        let kept = recommendations.filter { dropped[$0.step] == nil }
        let renumbered = Dictionary(uniqueKeysWithValues: kept.sorted { $0.step < $1.step }.enumerated().map { ($1.step, $0 + 1) })
        let result = kept.map { recommendation in
            var next = recommendation
            next.step = renumbered[recommendation.step] ?? recommendation.step
            next.dependsOn = recommendation.dependsOn.compactMap { renumbered[$0] }
            return next
        }
        let skipped = recommendations.compactMap { recommendation in
            dropped[recommendation.step].map {
                SkippedGuest(
                    vmid: recommendation.vmid, name: recommendation.name, type: recommendation.type, node: recommendation.source,
                    reason: .lowConfidence, detail: $0, bestTarget: recommendation.target, improvement: recommendation.scoreImprovement)
            }
        }
        return (result, skipped)
    }
}
