public import Contract

/// `min_confidence`: moves less sure than it are not recommended. A move that depends on one
/// left out is left out too, and so is the other half of a swap; the moves kept are numbered
/// again from 1. Pure.
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
        let ordered = recommendations.sorted(by: { $0.step < $1.step })
        for recommendation in ordered where recommendation.confidence < minimum {
            dropped[recommendation.step] = sentence(recommendation.confidence, minimum)
        }
        // Until nothing changes: a move depending on one left out, and half of a swap whose other
        // half is left out, are left out too (a swap is made whole or not at all).
        var changed = true
        while changed {
            changed = false
            let droppedVMIDs = Set(ordered.filter { dropped[$0.step] != nil }.map(\.vmid))
            for recommendation in ordered where dropped[recommendation.step] == nil {
                if let step = recommendation.dependsOn.first(where: { dropped[$0] != nil }) {
                    dropped[recommendation.step] = "It depends on step \(step), which is not recommended (min_confidence)"
                } else if let partner = recommendation.swapPartner, droppedVMIDs.contains(partner) {
                    dropped[recommendation.step] = "It swaps places with guest \(partner), which is not recommended (min_confidence)"
                } else {
                    continue
                }
                changed = true
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
