import Contract

/// One accepted move of the batch, with the predicted loads around it.
struct PlannedMove: Sendable {
    let bundle: Int
    let source: Int
    let target: Int
    let kind: MoveKind
    /// Why the source sends it (nil for distribution balancing).
    let pressure: SourcePressure?
    /// Source score (plus its boost) minus the target's score with the guest on it.
    let improvement: Double
    /// How much the cluster objective dropped.
    let gain: Double
    let sourceBefore: NodeLoad
    let sourceAfter: NodeLoad
    let targetBefore: NodeLoad
    let targetAfter: NodeLoad
    /// For a rule repair: which rule it repairs, e.g. "anti-affinity group web: g101 and g102 both run on pve1".
    var repair: String? = nil
    /// For relief: the guest's growth (% per day) when it was chosen ahead of guests giving similar
    /// relief at similar cost because it grows fastest.
    var growthPreferred: Double? = nil
    /// For relief: when its migration cost put it ahead of a guest ending the pressure alone.
    var costPreferred: BatchPlanner.CostChoice? = nil
    /// For half of a swap: the guest moving the other way, which neither move could do alone.
    var swap: Swap? = nil

    /// The other half of a swap: its guest (index into the snapshot's guests) and its move.
    struct Swap: Sendable {
        let guest: Int
        let source: Int
        let target: Int
    }
}
