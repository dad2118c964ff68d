import Shared

/// Gains of (bundle, target) pairs computed in earlier rounds, valid while neither the source
/// nor the target changed (tracked by `PlanState.versions`).
struct EvaluationCache {
    private let nodes: Int
    /// Target version each entry was computed at (-1: never).
    private var versions: [Int]
    /// Gain of a feasible move, `nil` when infeasible.
    private var gains: [Double?]
    /// Source version each bundle's entries belong to.
    private(set) var sourceVersion: [Int]
    /// The bundle's source side at `sourceVersion`.
    private(set) var source: [SourceSide?]

    init(bundles: Int, nodes: Int) {
        self.nodes = nodes
        versions = Array(repeating: -1, count: bundles * nodes)
        gains = Array(repeating: nil, count: bundles * nodes)
        sourceVersion = Array(repeating: -1, count: bundles)
        source = Array(repeating: nil, count: bundles)
    }

    /// Forgets a bundle's entries because its source changed.
    mutating func resetSource(_ bundle: Int, version: Int, side: SourceSide) {
        sourceVersion[bundle] = version
        source[bundle] = side
        for target in 0..<nodes { versions[bundle * nodes + target] = -1 }
    }

    func version(_ bundle: Int, _ target: Int) -> Int { versions[bundle * nodes + target] }

    mutating func store(_ bundle: Int, _ target: Int, version: Int, _ gain: Double?) {
        versions[bundle * nodes + target] = version
        gains[bundle * nodes + target] = gain
    }

    /// The feasible target with the largest gain, if any.
    func best(_ bundle: Int) -> (target: Int, gain: Double)? {
        var best: (Int, Double)?
        for target in 0..<nodes {
            if let gain = gains[bundle * nodes + target], gain > (best?.1 ?? -.infinity) { best = (target, gain) }
        }
        return best
    }
}
