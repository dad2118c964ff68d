import Contract

/// What changed between two consecutive plans, by guest. Pure.
public enum ChangeLog {
    /// The changes from `previous` to `current`, or `nil` when there is no previous plan (the
    /// first plan after a start).
    ///
    /// A guest recommended in both is `unchanged` when source and target are the same,
    /// `retargeted` when the target differs, and `added` when only its source differs (it moved
    /// meanwhile, so this is a new move).
    public static func changes(from previous: RecommendationSet?, to current: RecommendationSet) -> PlanChanges? {
        guard let previous else { return nil }
        let before = byVMID(previous.recommendations)
        let after = byVMID(current.recommendations)
        var added: [Int] = []
        var retargeted: [PlanChanges.Retarget] = []
        var unchanged: [Int] = []
        for (vmid, move) in after.sorted(by: { $0.key < $1.key }) {
            guard let old = before[vmid] else {
                added.append(vmid)
                continue
            }
            if old.target != move.target {
                retargeted.append(PlanChanges.Retarget(vmid: vmid, from: old.target, to: move.target))
            } else if old.source == move.source {
                unchanged.append(vmid)
            } else {
                added.append(vmid)
            }
        }
        let removed = before.keys.filter { after[$0] == nil }.sorted()
        return PlanChanges(
            previousGeneratedAt: previous.generatedAt, added: added, removed: removed, retargeted: retargeted, unchanged: unchanged)
    }

    private static func byVMID(_ recommendations: [Recommendation]) -> [Int: Recommendation] {
        Dictionary(recommendations.map { ($0.vmid, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
