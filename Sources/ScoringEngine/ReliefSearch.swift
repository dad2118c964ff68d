import Contract

/// The iterative-deepening search behind `BatchPlanner.searchedRelief`.
struct ReliefSearch {
    /// A set of moves and the outcome it reaches.
    struct Found {
        var moves: [BatchPlanner.SearchMove]
        var key: BatchPlanner.ReliefKey
    }

    let root: BatchPlanner
    /// Bundles that may move: those not in the plan yet, off nodes not in maintenance.
    let candidates: [Int]
    /// `candidates` by source node.
    let bySource: [[Int]]
    private(set) var best: Found?
    private var evaluations = 0
    /// Sets of moves already searched at the current depth, by hash.
    private var seen = Set<UInt64>()
    /// Whether the current round stopped a branch at its depth or cut one.
    private var truncated = false

    init(root: BatchPlanner, candidates: [Int]) {
        self.root = root
        self.candidates = candidates
        var bySource = Array(repeating: [Int](), count: root.nodes.count)
        for index in candidates { bySource[root.bundles[index].source].append(index) }
        self.bySource = bySource
    }

    /// Per node, whether `planner` relieves it: under pressure (not maintenance) and its relief
    /// clears the gate (`reliefGain`, fixed at the start for the nodes under pressure then).
    func sources(in planner: BatchPlanner) -> [Bool] {
        planner.nodes.indices.map { node in
            guard !planner.nodes[node].maintenance, planner.pressure(of: node) != nil else { return false }
            let gain = root.reliefGains[node] ?? planner.reliefGain(of: node)
            return gain >= planner.configuration.minScoreImprovement
        }
    }

    /// The best outcome with at most `depth` moves (or the best found within the budget).
    mutating func run(depth: Int) -> Found? {
        best = Found(moves: [], key: root.reliefKey)
        for limit in 1...depth {
            seen.removeAll(keepingCapacity: true)
            truncated = false
            explore(root, path: [], hash: 0, left: limit)
            // No branch stopped by the depth or cut: a deeper round finds nothing new.
            // With the best peak and no node left under pressure, only a cheaper set is better:
            // one guest replaced by two smaller ones (a set one move longer), and every move costs
            // at least the overhead.
            let longest = (best?.moves.count ?? 0) + 1
            let cheaperDeeper = Double(limit + 1) * MigrationCost.overheadSeconds < (best?.key.seconds ?? .infinity)
            if evaluations >= BatchPlanner.searchEvaluations || !truncated || (isOptimal && (!cheaperDeeper || limit >= longest)) {
                break
            }
        }
        return best
    }

    /// Whether no outcome beats the best one on peak and pressure (only on cost): every node under
    /// the CPU threshold and none under pressure.
    private var isOptimal: Bool {
        guard let key = best?.key else { return false }
        return key.pressured == 0 && key.peak <= root.configuration.cpuThreshold + BatchPlanner.ReliefKey.tolerance
    }

    /// Tries every move from `planner` (reached by `path`, whose hash is `hash`) and, with `left`
    /// moves more allowed, the moves after it.
    private mutating func explore(_ planner: BatchPlanner, path: [BatchPlanner.SearchMove], hash: UInt64, left: Int) {
        guard evaluations < BatchPlanner.searchEvaluations else { return }
        let sources = sources(in: planner)
        guard left > 0, mayImprove(planner, sources: sources, left: left) else {
            truncated = true
            return
        }
        for move in moves(from: planner, sources: sources) {
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

    /// The relief moves allowed from `planner`'s state, whose nodes relieved are `sources`, the
    /// ones leaving the coolest peak first; no more than `limit` (the first found).
    mutating func moves(from planner: BatchPlanner, sources: [Bool], atMost limit: Int = .max) -> [BatchPlanner.SearchMove] {
        let hottest = planner.hottestCPU
        let loads = planner.state.loads
        let targets = planner.nodes.indices.filter { planner.isTarget[$0] && planner.pressure(of: $0) != .iowait }
        var result: [(move: BatchPlanner.SearchMove, peak: Double)] = []
        for index in candidates where sources[planner.bundles[index].source] && planner.mayLeave(index) && planner.fitsCap(planner.bundles[index]) {
            let bundle = planner.bundles[index]
            guard let load = loads[bundle.source],
                let pressure = planner.relievedPressure(bundle, source: bundle.source)
            else { continue }
            let sourceAfter = load.moving(bundle.load, arriving: false)
            let probe = SourceSide.probe(load, after: sourceAfter, pressure: pressure)
            for target in targets where target != bundle.source {
                evaluations += 1
                guard let after = planner.reliefArrival(bundle, target: target, probe: probe, hottest: hottest) else { continue }
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
    /// and pressure one more move (at least the overhead) must still cost less than the best.
    private func mayImprove(_ planner: BatchPlanner, sources: [Bool], left: Int) -> Bool {
        // Memory emergencies are not bounded: while the best has one, nothing is cut.
        guard let best, best.key.emergencies == 0 else { return true }
        let c = planner.configuration
        // Moves needed for a lower peak and for the same one (nil: not possible).
        var lower: Int? = 0
        var tie: Int? = 0
        var stuck = 0
        var needs: [Int] = []
        for node in planner.nodes.indices {
            guard let load = planner.state.loads[node] else { continue }
            let mine = bySource[node].filter(planner.mayLeave)
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
        // As good on peak and pressure: the moves that takes (for the peak, and to relieve the
        // nodes the best relieves, fewest first), each at least the overhead, must cost less.
        let relief = needs.sorted().prefix(max(0, stuck + needs.count - best.key.pressured)).reduce(0, +)
        let more = max(1, tie, relief)
        return planner.movesSeconds + Double(more) * MigrationCost.overheadSeconds < best.key.seconds - BatchPlanner.ReliefKey.tolerance
    }

    /// A fixed pseudo-random 64-bit value per move (Zobrist hashing: a set's hash is the XOR of its moves').
    private static func hash(_ move: BatchPlanner.SearchMove, nodes: Int) -> UInt64 {
        var z = UInt64(move.bundle * nodes + move.target) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
