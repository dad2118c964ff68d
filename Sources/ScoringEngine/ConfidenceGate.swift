public import Contract

/// `min_confidence`: moves less sure than it are not recommended. A move that depends on one
/// left out is left out too; the moves kept are numbered again from 1. Pure.
public enum ConfidenceGate {
    /// The recommendations at or above `minimum` confidence (steps renumbered, `depends_on`
    /// following), and a `low_confidence` skipped entry for each one left out.
    public static func apply(_ recommendations: [Recommendation], minimum: Double) -> (kept: [Recommendation], skipped: [SkippedGuest]) {
        guard minimum > 0 else { return (recommendations, []) }
        var dropped: [Int: String] = [:]
        for recommendation in recommendations.sorted(by: { $0.step < $1.step }) {
            if recommendation.confidence < minimum {
                dropped[recommendation.step] =
                    "Confidence \(Penalty.format(recommendation.confidence)) is under min_confidence \(Penalty.format(minimum))"
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
