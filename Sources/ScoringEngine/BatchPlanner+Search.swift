import Contract

extension BatchPlanner {
    /// A relief outcome's quality, the lower the better, compared in order: the nodes at or above
    /// `MemoryGate.usablePercent` of their memory (an out-of-memory risk), the hottest node's CPU
    /// (no lower than the CPU threshold: under it, cooler is not worth a move), the nodes still
    /// under pressure, the moves, the memory they copy.
    struct ReliefKey: Sendable {
        var emergencies: Int
        var peak: Double
        var pressured: Int
        var moves: Int
        var copiedBytes: Int64

        /// Whether `self` is a better outcome than `other` (peaks within `tolerance` are equal).
        func isBetter(than other: ReliefKey) -> Bool {
            if emergencies != other.emergencies { return emergencies < other.emergencies }
            if abs(peak - other.peak) > Self.tolerance { return peak < other.peak }
            if pressured != other.pressured { return pressured < other.pressured }
            if moves != other.moves { return moves < other.moves }
            return copiedBytes < other.copiedBytes
        }

        /// CPU points closer than this count as the same peak.
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
        let copied = moves.reduce(Int64(0)) { $0 + bundles[$1.bundle].load.memoryMaxBytes }
        return ReliefKey(
            emergencies: emergencies, peak: max(hottestCPU, configuration.cpuThreshold), pressured: pressured, moves: movedGuests, copiedBytes: copied
        )
    }

    /// One relief move found by the search: `bundle` to `target`, relieving `pressure` of its source.
    struct SearchMove: Sendable {
        let bundle: Int
        let target: Int
        let pressure: SourcePressure
    }

    /// Bounds of the search: feasible moves at the start, move evaluations in all, plan length.
    static let searchRootMoves = 60
    static let searchEvaluations = 150_000
    static let searchDepth = 8

    /// The planner after relief found by exhaustive search, when the cluster is small enough
    /// (at most `searchRootMoves` feasible relief moves at the start) and the search finds a
    /// better outcome (`ReliefKey`) than `greedy`; else `nil`.
    ///
    /// The search tries every set of relief moves — each a guest of a node under pressure (in the
    /// state the moves before it leave) whose relief clears the gate, to a target within the
    /// relief bounds of the water-filling pass (`boundsFailure`), in an order where each is
    /// allowed — with one move more per round (iterative deepening), so the outcome kept at its
    /// best peak and pressure uses the fewest moves. A set reached twice is searched once, and a
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
        let first = search.moves(from: root, atMost: Self.searchRootMoves + 1)
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

/// The iterative-deepening search behind `BatchPlanner.searchedRelief`.
struct ReliefSearch {
    /// A set of moves and the outcome it reaches.
    struct Found {
        var moves: [BatchPlanner.SearchMove]
        var key: BatchPlanner.ReliefKey
    }

    let root: BatchPlanner
    /// Bundles that may move: guests of the nodes relieved.
    let candidates: [Int]
    private(set) var best: Found?
    private var evaluations = 0
    /// Sets of moves already searched at the current depth, by hash.
    private var seen = Set<UInt64>()
    /// Whether the current round stopped a branch at its depth or cut one.
    private var truncated = false

    init(root: BatchPlanner, candidates: [Int]) {
        self.root = root
        self.candidates = candidates
    }

    /// Whether `planner` relieves `node`: under pressure (not maintenance) and its relief clears
    /// the gate (`reliefGain`, fixed at the start for the nodes under pressure then).
    func isSource(_ node: Int, in planner: BatchPlanner) -> Bool {
        guard !planner.nodes[node].maintenance, planner.pressure(of: node) != nil else { return false }
        let gain = root.reliefGains[node] ?? planner.reliefGain(of: node)
        return gain >= planner.configuration.minScoreImprovement
    }

    /// The best outcome with at most `depth` moves (or the best found within the budget).
    mutating func run(depth: Int) -> Found? {
        best = Found(moves: [], key: root.reliefKey)
        for limit in 1...depth {
            seen.removeAll(keepingCapacity: true)
            truncated = false
            explore(root, path: [], hash: 0, left: limit)
            // No branch stopped by the depth or cut: a deeper round finds nothing new.
            if evaluations >= BatchPlanner.searchEvaluations || isOptimal || !truncated { break }
        }
        return best
    }

    /// Whether no outcome can beat the best one: every node under the CPU threshold and none under pressure.
    private var isOptimal: Bool {
        guard let key = best?.key else { return false }
        return key.pressured == 0 && key.peak <= root.configuration.cpuThreshold + BatchPlanner.ReliefKey.tolerance
    }

    /// Tries every move from `planner` (reached by `path`, whose hash is `hash`) and, with `left`
    /// moves more allowed, the moves after it.
    private mutating func explore(_ planner: BatchPlanner, path: [BatchPlanner.SearchMove], hash: UInt64, left: Int) {
        guard evaluations < BatchPlanner.searchEvaluations, !isOptimal else { return }
        guard left > 0, mayImprove(planner, left: left) else {
            truncated = true
            return
        }
        for move in moves(from: planner) {
            let childHash = hash ^ Self.hash(move, nodes: root.nodes.count)
            guard seen.insert(childHash).inserted else { continue }
            let child = Self.making(move, on: planner)
            let next = path + [move]
            let key = child.reliefKey
            if let best, key.isBetter(than: best.key) { self.best = Found(moves: next, key: key) }
            explore(child, path: next, hash: childHash, left: left - 1)
        }
    }

    /// `planner` once `move` is made.
    static func making(_ move: BatchPlanner.SearchMove, on planner: BatchPlanner) -> BatchPlanner {
        var child = planner
        child.accept(
            move.bundle, MoveEvaluation(target: move.target, improvement: 0, gain: 0, targetAfter: nil, failure: nil),
            kind: .overloadRelief, pressure: move.pressure)
        return child
    }

    /// The relief moves allowed from `planner`'s state, the ones leaving the coolest peak first;
    /// no more than `limit` (the first found).
    mutating func moves(from planner: BatchPlanner, atMost limit: Int = .max) -> [BatchPlanner.SearchMove] {
        let hottest = planner.hottestCPU
        let loads = planner.state.loads
        let targets = planner.nodes.indices.filter { planner.isTarget[$0] && planner.pressure(of: $0) != .iowait }
        var result: [(move: BatchPlanner.SearchMove, peak: Double)] = []
        let sources = planner.nodes.indices.map { isSource($0, in: planner) }
        for index in candidates where sources[planner.bundles[index].source] && planner.mayLeave(index) && planner.fitsCap(planner.bundles[index]) {
            let bundle = planner.bundles[index]
            guard let load = loads[bundle.source],
                let pressure = planner.relievedPressure(bundle, source: bundle.source)
            else { continue }
            let sourceAfter = load.moving(bundle.load, arriving: false)
            let probe = SourceSide(
                total: 0, spread: 0, cpu: load.cpuPct, afterTotal: 0, afterSpread: 0, afterCPU: sourceAfter.cpuPct,
                afterMemory: sourceAfter.memoryPct, boost: 0, pressure: pressure)
            for target in targets where target != bundle.source {
                evaluations += 1
                guard let before = loads[target], planner.rule(bundle, target: target) == nil else { continue }
                let after = before.moving(bundle.load, arriving: true)
                guard planner.boundsFailure(after: after, target: target, source: probe, hottestCPU: hottest) == nil else { continue }
                var peak = max(sourceAfter.cpuPct, after.cpuPct)
                for node in loads.indices where node != target && node != bundle.source { peak = max(peak, loads[node]?.cpuPct ?? 0) }
                result.append((BatchPlanner.SearchMove(bundle: index, target: target, pressure: pressure), peak))
                if result.count >= limit { return result.map(\.move) }
            }
        }
        return result.sorted { $0.peak < $1.peak }.map(\.move)
    }

    /// Whether some set of at most `left` more moves from `planner` might beat the best outcome.
    /// Only the relieved nodes lose load, so a lower (or equal) peak needs, on every node above
    /// it, the fewest of its guests whose departure brings it there (`PlanBounds.fewest`); each
    /// node under pressure needs its fewest guests to leave to be relieved; and at an equal peak
    /// and pressure the outcome must take no more moves than the best.
    private func mayImprove(_ planner: BatchPlanner, left: Int) -> Bool {
        // Memory emergencies are not bounded: while the best has one, nothing is cut.
        guard let best, best.key.emergencies == 0 else { return true }
        let c = planner.configuration
        // Moves needed for a lower peak and for the same one (nil: not possible).
        var lower: Int? = 0
        var tie: Int? = 0
        var stuck = 0
        var needs: [Int] = []
        let sources = planner.nodes.indices.map { isSource($0, in: planner) }
        for node in planner.nodes.indices {
            guard let load = planner.state.loads[node] else { continue }
            let mine = candidates.filter { planner.bundles[$0].source == node && planner.mayLeave($0) }
            let cpuDrops = sources[node] ? mine.map { planner.bundles[$0].load.cpuCores * 100 / Double(load.cpuThreads) } : []
            let tolerance = BatchPlanner.ReliefKey.tolerance
            if let count = lower {
                lower = PlanBounds.fewest(cpuDrops, need: load.cpuPct - (best.key.peak - tolerance)).map { count + $0 }
            }
            if let count = tie { tie = PlanBounds.fewest(cpuDrops, need: load.cpuPct - (best.key.peak + tolerance)).map { count + $0 } }
            guard !planner.nodes[node].maintenance, planner.pressure(of: node) != nil else { continue }
            guard sources[node] else {
                stuck += 1
                continue
            }
            var counts: [Int?] = []
            let cpuNeed = SourcePressure.cpuExcess(load, c)
            if planner.seasonalPeak(of: node) == nil, cpuNeed > 0 {
                counts.append(PlanBounds.fewest(mine.map { PlanBounds.cpuDrop(planner.bundles[$0].load, from: load, c) }, need: cpuNeed))
            }
            let memoryNeed = load.memoryPct - c.sourceMemMigrationFloor
            if memoryNeed > 0 {
                counts.append(PlanBounds.fewest(mine.map { PlanBounds.memoryDrop(planner.bundles[$0].load, from: load) }, need: memoryNeed))
            }
            if counts.contains(where: { $0 == nil }) {
                stuck += 1
            } else {
                needs.append(max(1, counts.compactMap { $0 }.max() ?? 1))
            }
        }
        let threshold = c.cpuThreshold + BatchPlanner.ReliefKey.tolerance
        if best.key.peak > threshold, let lower, lower <= left { return true }
        guard let tie, tie <= left else { return false }
        var budget = left
        var relieved = 0
        for need in needs.sorted() where need <= budget {
            budget -= need
            relieved += 1
        }
        let pressured = stuck + needs.count - relieved
        if pressured != best.key.pressured { return pressured < best.key.pressured }
        return planner.movedGuests + 1 <= best.key.moves
    }

    /// A fixed pseudo-random 64-bit value per move (Zobrist hashing: a set's hash is the XOR of its moves').
    private static func hash(_ move: BatchPlanner.SearchMove, nodes: Int) -> UInt64 {
        var z = UInt64(move.bundle * nodes + move.target) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
