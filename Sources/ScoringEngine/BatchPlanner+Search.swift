import Contract

extension BatchPlanner {
    /// A relief outcome's quality, the lower the better, compared in order: the nodes at or above
    /// `MemoryGate.usablePercent` of their memory (an out-of-memory risk), the hottest node's CPU
    /// (no lower than the CPU threshold: under it, cooler is not worth a move), the nodes still
    /// under pressure, what the moves cost (`MigrationCost`: per move, and the bytes they copy).
    struct ReliefKey: Sendable {
        var emergencies: Int
        var peak: Double
        var pressured: Int
        var seconds: Double

        /// Whether `self` is a better outcome than `other` (peaks and costs within `tolerance` are equal).
        func isBetter(than other: ReliefKey) -> Bool {
            if emergencies != other.emergencies { return emergencies < other.emergencies }
            if abs(peak - other.peak) > Self.tolerance { return peak < other.peak }
            if pressured != other.pressured { return pressured < other.pressured }
            return seconds < other.seconds - Self.tolerance
        }

        /// CPU points (and seconds) closer than this count as the same.
        static let tolerance = 1e-6
    }

    /// The quality of the plan so far (see `ReliefKey`).
    var reliefKey: ReliefKey {
        var pressured = 0
        var emergencies = 0
        for node in nodes.indices where !nodes[node].maintenance && pressure(of: node) != nil {
            pressured += 1
            if let load = state.loads[node], load.memoryPct >= MemoryGate.usablePercent { emergencies += 1 }
        }
        return ReliefKey(
            emergencies: emergencies, peak: max(hottestCPU, configuration.cpuThreshold), pressured: pressured,
            seconds: movesSeconds)
    }

    /// What the plan's moves cost, in seconds (`MigrationCost`).
    var movesSeconds: Double { moves.reduce(0) { $0 + cost.seconds(bundles[$1.bundle]) } }

    /// One relief move found by the search: `bundle` to `target`, relieving `pressure` of its source.
    struct SearchMove: Sendable {
        let bundle: Int
        let target: Int
        let pressure: SourcePressure
    }

    /// Bounds of the search: feasible moves at the start, move evaluations in all, plan length.
    static let searchRootMoves = 60
    static let searchEvaluations = 60_000
    static let searchDepth = 8

    /// The planner after relief found by exhaustive search, when the cluster is small enough
    /// (at most `searchRootMoves` feasible relief moves at the start) and the search finds a
    /// better outcome (`ReliefKey`) than `greedy`; else `nil`.
    ///
    /// The search tries every set of relief moves — each a guest of a node under pressure (in the
    /// state the moves before it leave) whose relief clears the gate, to a target within the
    /// relief bounds of the water-filling pass (`boundsFailure`), in an order where each is
    /// allowed — with one move more per round (iterative deepening), keeping the best outcome
    /// (`ReliefKey`: at the best peak and pressure, the cheapest). A set reached twice is searched once, and a
    /// branch is cut when even its best case cannot beat the best outcome so far (`mayImprove`).
    /// It stops after `searchEvaluations` move evaluations with the best found. Greedy relief
    /// fills bins one guest at a time and can strand room (the largest guest first where two
    /// smaller ones fit, memory room spent on the wrong guest); on small clusters the search does not.
    func searchedRelief(against greedy: BatchPlanner) -> BatchPlanner? {
        var root = self
        root.waterFill = true
        for node in nodes.indices where !nodes[node].maintenance && pressure(of: node) != nil && root.reliefGains[node] == nil {
            root.reliefGains[node] = reliefGain(of: node)
        }
        let candidates = bundles.indices.filter { !nodes[bundles[$0].source].maintenance && mayLeave($0) }
        var search = ReliefSearch(root: root, candidates: candidates)
        let first = search.moves(from: root, sources: search.sources(in: root), atMost: Self.searchRootMoves + 1)
        guard !first.isEmpty, first.count <= Self.searchRootMoves else { return nil }
        let depth = min(Self.searchDepth, moveLimit - movedGuests)
        guard depth > 0, let found = search.run(depth: depth), found.key.isBetter(than: greedy.reliefKey) else { return nil }
        var planner = root
        planner.waterFill = greedy.waterFill
        for move in found.moves {
            let bundle = bundles[move.bundle]
            guard let side = planner.sourceSide(bundle, pressure: move.pressure), let load = planner.state.loads[move.target]
            else { return nil }
            let evaluation = planner.evaluate(
                bundle, target: move.target, source: side, targetTotal: rules.total(node: load), strict: false)
            guard evaluation.isFeasible else { return nil }
            planner.accept(move.bundle, evaluation, kind: .overloadRelief, pressure: move.pressure)
        }
        return planner
    }

    /// The resource of `source` (under pressure in the predicted state) that `bundle` relieves
    /// most, as a share of how far the node is beyond it; `nil` when it relieves none.
    func relievedPressure(_ bundle: MoveBundle, source: Int) -> SourcePressure? {
        guard let load = state.loads[source] else { return nil }
        var best: (SourcePressure, Double)?
        var beyond: [SourcePressure] = []
        if seasonalPeak(of: source) == nil, excess(load, .cpu) > 0 { beyond.append(.cpu) }
        if excess(load, .memory) > 0 { beyond.append(.memory) }
        if SourcePressure.isIOWaitStressed(load, configuration: configuration) { beyond.append(.iowait) }
        for pressure in beyond {
            let share = drop(bundle.load, from: load, pressure) / max(excess(load, pressure), PlanBounds.relief)
            if share > 0, share > best?.1 ?? 0 { best = (pressure, share) }
        }
        return best?.0
    }
}
