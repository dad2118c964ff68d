/// Gains of (bundle, target) pairs computed in earlier relief rounds, valid while neither the
/// source nor the target changed (tracked by `PlanState.versions`).
struct EvaluationCache {
    private let nodes: Int
    /// Target version each entry was computed at (-1: never).
    private var versions: [Int]
    /// Gain of a feasible move, `nil` when infeasible.
    private var gains: [Double?]
    /// Source version each bundle's entries belong to.
    private var sourceVersion: [Int]
    /// The bundle's source side at `sourceVersion`.
    private var sides: [SourceSide?]

    init(bundles: Int, nodes: Int) {
        self.nodes = nodes
        versions = Array(repeating: -1, count: bundles * nodes)
        gains = Array(repeating: nil, count: bundles * nodes)
        sourceVersion = Array(repeating: -1, count: bundles)
        sides = Array(repeating: nil, count: bundles)
    }

    /// The bundle's source side if it was stored for source version `version`.
    func side(_ bundle: Int, version: Int) -> SourceSide? {
        sourceVersion[bundle] == version ? sides[bundle] : nil
    }

    /// Stores the bundle's source side for `version` and forgets its gains (its source changed).
    mutating func setSide(_ side: SourceSide, _ bundle: Int, version: Int) {
        sourceVersion[bundle] = version
        sides[bundle] = side
        for target in 0..<nodes { versions[bundle * nodes + target] = -1 }
    }

    /// The gain stored for (bundle, target) at target version `version`: `.some(nil)` when the
    /// move was infeasible, `nil` when nothing is stored for that version.
    func gain(_ bundle: Int, _ target: Int, version: Int) -> Double?? {
        versions[bundle * nodes + target] == version ? .some(gains[bundle * nodes + target]) : nil
    }

    mutating func store(_ bundle: Int, _ target: Int, version: Int, _ gain: Double?) {
        versions[bundle * nodes + target] = version
        gains[bundle * nodes + target] = gain
    }
}
