import Contract

extension BatchPlanner {
    /// Guests tried per side of a swap: the hot node's largest by CPU cores, the memory-bound
    /// node's largest by memory in use.
    static let swapCandidates = 8

    /// One feasible swap: `memoryBundle` leaves memory-bound `bound` for hot `hot` first, then
    /// `cpuBundle` leaves `hot` for `bound`; `gain` is how far the cluster objective drops.
    struct SwapChoice {
        let hot: Int
        let bound: Int
        let cpuBundle: Int
        let memoryBundle: Int
        let gain: Double
    }

    /// Relief by a swap, once no one-way move helps: a node over its CPU threshold (`pressure`
    /// `.cpu`) and a memory-bound node (`pressure` `.memory`) exchange a CPU-heavy guest of the
    /// first for a memory-heavy one of the second, where neither move is allowed alone (the hot
    /// node may not take CPU, the memory-bound node may not take memory). The pair is judged on
    /// the state after both moves: every hard rule holds in the order they run (the memory-heavy
    /// guest leaves first, so its room counts for the other), both nodes stay within the relief
    /// bounds (`boundsFailure`, each as the other's target), the hot node ends with less CPU and
    /// the memory-bound one with less memory, the pair's peak CPU falls, and the objective
    /// drops. Hot nodes are tried furthest beyond the threshold first, and of the first with a
    /// feasible pair the pair lowering the objective most is made (both moves or none; a swap
    /// counts two moves under the cap). Returns whether a swap was made.
    mutating func relieveBySwap(order: [[SourcePressure: [Int]]]) -> Bool {
        let pressures = nodes.indices.map { pressure(of: $0) }
        let hot = nodes.indices.filter { pressures[$0] == .cpu && isTarget[$0] }
            .filter { reliefGains[$0].map { $0 >= configuration.minScoreImprovement } ?? true }
            .sorted { (state.loads[$0]?.cpuPct ?? 0) > (state.loads[$1]?.cpuPct ?? 0) }
        let bound = nodes.indices.filter { pressures[$0] == .memory && isTarget[$0] }
        guard !hot.isEmpty, !bound.isEmpty else { return false }
        let hottest = hottestCPU
        for node in hot {
            var best: SwapChoice?
            let cpuGuests = order[node][.cpu, default: []].lazy.filter(mayLeave).prefix(Self.swapCandidates)
            for other in bound {
                let memoryGuests = order[other][.memory, default: []].lazy.filter(mayLeave).prefix(Self.swapCandidates)
                for cpuBundle in cpuGuests {
                    for memoryBundle in memoryGuests {
                        guard
                            let gain = swapGain(
                                cpuBundle, from: node, memoryBundle, from: other, hottest: hottest),
                            gain > (best?.gain ?? 0)
                        else { continue }
                        best = SwapChoice(hot: node, bound: other, cpuBundle: cpuBundle, memoryBundle: memoryBundle, gain: gain)
                    }
                }
            }
            if let best, makeSwap(best) { return true }
        }
        return false
    }

    /// How far the cluster objective drops when `memoryBundle` moves from `bound` to `hot` and
    /// then `cpuBundle` from `hot` to `bound`, or `nil` when the pair is not allowed (see
    /// `relieveBySwap`).
    func swapGain(_ cpuBundle: Int, from hot: Int, _ memoryBundle: Int, from bound: Int, hottest: Double) -> Double? {
        let cpuGuest = bundles[cpuBundle]
        let memoryGuest = bundles[memoryBundle]
        guard movedGuests + cpuGuest.guests.count + memoryGuest.guests.count <= moveLimit,
            let hotNow = state.loads[hot], let boundNow = state.loads[bound]
        else { return nil }
        let hotEnd = hotNow.moving(cpuGuest.load, arriving: false).moving(memoryGuest.load, arriving: true)
        let boundEnd = boundNow.moving(memoryGuest.load, arriving: false).moving(cpuGuest.load, arriving: true)
        // Feasibility from loads first: the hot node cools, the memory-bound one sheds memory,
        // and the pair's peak falls.
        guard hotEnd.cpuPct < hotNow.cpuPct, memoryGuest.load.memoryUsedBytes > cpuGuest.load.memoryUsedBytes,
            max(hotEnd.cpuPct, boundEnd.cpuPct) < hotNow.cpuPct,
            rule(memoryGuest, target: hot) == nil, rule(cpuGuest, target: bound, after: memoryGuest) == nil
        else { return nil }
        let hotSide = SourceSide.probe(hotNow, after: hotEnd, pressure: .cpu)
        let boundSide = SourceSide.probe(boundNow, after: boundEnd, pressure: .memory)
        guard boundsFailure(after: boundEnd, target: bound, source: hotSide, hottestCPU: hottest) == nil,
            boundsFailure(after: hotEnd, target: hot, source: boundSide, hottestCPU: hottest) == nil
        else { return nil }
        let before = rules.total(node: hotNow) + rules.total(node: boundNow) + Self.spread(hotNow) + Self.spread(boundNow)
        let after = rules.total(node: hotEnd) + rules.total(node: boundEnd) + Self.spread(hotEnd) + Self.spread(boundEnd)
        return before - after
    }

    /// Makes both moves of `choice`, the memory-heavy guest first, or neither when either fails
    /// a hard rule as it runs.
    mutating func makeSwap(_ choice: SwapChoice) -> Bool {
        var trial = self
        let memoryGuest = bundles[choice.memoryBundle].guests[0]
        let cpuGuest = bundles[choice.cpuBundle].guests[0]
        guard
            trial.moveHalf(
                choice.memoryBundle, to: choice.hot, pressure: .memory,
                other: PlannedMove.Swap(guest: cpuGuest, source: choice.hot, target: choice.bound)),
            trial.moveHalf(
                choice.cpuBundle, to: choice.bound, pressure: .cpu,
                other: PlannedMove.Swap(guest: memoryGuest, source: choice.bound, target: choice.hot))
        else { return false }
        self = trial
        return true
    }

    /// Moves bundle `index` to `target` relieving `pressure` on its node, as one half of a swap
    /// whose other half is `other`; false when the move is not feasible in the current state.
    private mutating func moveHalf(_ index: Int, to target: Int, pressure: SourcePressure, other: PlannedMove.Swap) -> Bool {
        let bundle = bundles[index]
        guard let side = sourceSide(bundle, pressure: pressure), let load = state.loads[target] else { return false }
        let move = evaluate(bundle, target: target, source: side, targetTotal: rules.total(node: load), strict: false)
        guard move.isFeasible else { return false }
        accept(index, move, kind: .overloadRelief, pressure: pressure, swap: other)
        return true
    }
}
