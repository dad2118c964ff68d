import Contract

extension BatchPlanner {
    /// Every migratable guest leaves a maintenance node, largest first, each to the target with
    /// the best score once it arrives (no improvement gate: leaving is the point).
    mutating func evacuateMaintenance() {
        let order = bundles.indices.filter { nodes[bundles[$0].source].maintenance }
            .sorted { bundles[$0].load.memoryMaxBytes > bundles[$1].load.memoryMaxBytes }
        for index in order where !capReached {
            let bundle = bundles[index]
            guard let source = sourceSide(bundle, pressure: .maintenance) else { continue }
            var best: MoveEvaluation?
            for target in nodes.indices where target != bundle.source {
                guard let load = state.loads[target] else { continue }
                let evaluation = evaluate(
                    bundle, target: target, source: source, targetTotal: rules.total(node: load), strict: false)
                if evaluation.isFeasible, evaluation.improvement > (best?.improvement ?? -.infinity) { best = evaluation }
            }
            if let best { accept(index, best, kind: .maintenanceEvacuation, pressure: .maintenance) }
        }
    }

    /// Greedy relief of nodes under CPU, memory or IOWait pressure (see `BatchPlanner`).
    ///
    /// Each round, every node still under pressure proposes its best move: among its
    /// `candidatesPerSource` largest guests by the resource under pressure (CPU cores, memory or
    /// disk I/O), onto a node under no pressure, the feasible one that lowers the cluster objective
    /// most. The proposals are accepted in order of gain as long as they touch nodes no earlier
    /// move of the round touched: a move's gain depends only on its source and target, so those
    /// moves are exactly as good as when they were evaluated. Each is checked again against the
    /// hottest CPU, which only drops. Gains are cached per (guest, target) and recomputed only
    /// for nodes that changed.
    mutating func relieveOverload() {
        let bySize = candidateOrder()
        var cache = EvaluationCache(bundles: bundles.count, nodes: nodes.count)
        while !capReached {
            var hottest = hottestCPU
            let pressures = nodes.indices.map { pressure(of: $0) }
            let totals = state.loads.map { $0.map { rules.total(node: $0) } }
            let targets = nodes.indices.filter { isTarget[$0] && pressures[$0] == nil }
            var proposals: [(index: Int, evaluation: MoveEvaluation, side: SourceSide, pressure: SourcePressure)] = []
            for source in nodes.indices {
                guard let pressure = pressures[source], pressure != .maintenance else { continue }
                let sourceVersion = state.versions[source]
                let candidates = bySize[source][pressure, default: []].filter { !moved[$0] }.prefix(Self.candidatesPerSource)
                // Fill the cache for this round, then take the best cached move that is still feasible.
                for index in candidates {
                    let bundle = bundles[index]
                    if cache.side(index, version: sourceVersion) == nil {
                        guard let side = sourceSide(bundle, pressure: pressure) else { continue }
                        cache.setSide(side, index, version: sourceVersion)
                    }
                    guard let side = cache.side(index, version: sourceVersion) else { continue }
                    for target in targets where cache.gain(index, target, version: state.versions[target]) == nil {
                        let evaluation = evaluate(
                            bundle, target: target, source: side, targetTotal: totals[target] ?? 0, strict: true,
                            hottestCPU: hottest)
                        cache.store(index, target, version: state.versions[target], evaluation.isFeasible ? evaluation.gain : nil)
                    }
                }
                while true {
                    var best: (index: Int, target: Int, gain: Double)?
                    for index in candidates {
                        for target in targets {
                            if case .some(.some(let gain)) = cache.gain(index, target, version: state.versions[target]),
                                gain > (best?.gain ?? -.infinity)
                            {
                                best = (index, target, gain)
                            }
                        }
                    }
                    guard let best, let side = cache.side(best.index, version: sourceVersion) else { break }
                    let evaluation = evaluate(
                        bundles[best.index], target: best.target, source: side, targetTotal: totals[best.target] ?? 0,
                        strict: true, hottestCPU: hottest)
                    if evaluation.isFeasible {
                        proposals.append((best.index, evaluation, side, pressure))
                        break
                    }
                    // The hottest CPU dropped since the gain was cached.
                    cache.store(best.index, best.target, version: state.versions[best.target], nil)
                }
            }
            proposals.sort { $0.evaluation.gain > $1.evaluation.gain }
            var touched = Array(repeating: false, count: nodes.count)
            var acceptedAny = false
            for proposal in proposals where !capReached {
                let bundle = bundles[proposal.index]
                let target = proposal.evaluation.target
                guard !touched[bundle.source], !touched[target], let after = proposal.evaluation.targetAfter,
                    boundsFailure(after: after, source: proposal.side, hottestCPU: hottest) == nil
                else { continue }
                accept(proposal.index, proposal.evaluation, kind: .overloadRelief, pressure: proposal.pressure)
                acceptedAny = true
                touched[bundle.source] = true
                touched[target] = true
                hottest = hottestCPU
            }
            if !acceptedAny { return }
        }
    }

    /// How many guests of a node under pressure each relief round considers.
    static let candidatesPerSource = 8

    /// Per node and pressure, the indexes of its bundles, largest first by the resource under
    /// that pressure (CPU cores for CPU, memory in use for memory, disk I/O for IOWait).
    func candidateOrder() -> [[SourcePressure: [Int]]] {
        var order = Array(repeating: [SourcePressure: [Int]](), count: nodes.count)
        let bySource = Dictionary(grouping: bundles.indices) { bundles[$0].source }
        for (source, indexes) in bySource {
            let sizes: [(SourcePressure, (GuestLoad) -> Double)] = [
                (.cpu, \.cpuCores), (.memory, { Double($0.memoryUsedBytes) }), (.iowait, \.diskBps),
            ]
            for (pressure, size) in sizes {
                order[source][pressure] = indexes.sorted { size(bundles[$0].load) > size(bundles[$1].load) }
            }
        }
        return order
    }

    /// Evens out running-guest counts: while the busiest node runs at least
    /// `guest_count_threshold` more guests than the quietest, move the small guest whose move
    /// does the cluster most good from the one to the other, within the same bounds as relief
    /// and under both thresholds.
    mutating func balanceDistribution() {
        let distribution = settings.distribution
        let targets = nodes.indices.filter { nodes[$0].isTarget }
        while !capReached {
            guard let busiest = targets.max(by: { state.running[$0] < state.running[$1] }),
                let quietest = targets.min(by: { state.running[$0] < state.running[$1] }),
                state.running[busiest] - state.running[quietest] >= distribution.guestCountThreshold,
                let target = state.loads[quietest]
            else { return }
            let hottest = hottestCPU
            let targetTotal = rules.total(node: target)
            let best = bundles.indices
                .filter { !moved[$0] && bundles[$0].source == busiest && bundles[$0].small && bundles[$0].guests.count == 1 }
                .compactMap { index -> (Int, MoveEvaluation)? in
                    guard let source = sourceSide(bundles[index], pressure: nil) else { return nil }
                    let evaluation = evaluate(
                        bundles[index], target: quietest, source: source, targetTotal: targetTotal, strict: false)
                    guard evaluation.isFeasible, let after = evaluation.targetAfter,
                        boundsFailure(after: after, source: source, hottestCPU: hottest) == nil,
                        after.cpuPct <= configuration.cpuThreshold, after.memoryPct <= configuration.memThreshold
                    else { return nil }
                    return (index, evaluation)
                }
                .max { $0.1.gain < $1.1.gain }
            guard let (index, evaluation) = best else { return }
            accept(index, evaluation, kind: .distributionBalancing, pressure: nil)
        }
    }
}
