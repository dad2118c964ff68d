import Shared

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
    /// Each round finds every candidate's best feasible target, then accepts moves in order of
    /// gain as long as they touch nodes no earlier move of the round touched: a move's gain
    /// depends only on its source and target, so those moves are exactly as good as when they
    /// were evaluated (each is checked again against the hottest CPU, which only drops). Gains
    /// are cached per (guest, target) and recomputed only for nodes that changed.
    mutating func relieveOverload() {
        var cache = EvaluationCache(bundles: bundles.count, nodes: nodes.count)
        var nodeTotals: [Double?] = state.loads.map { $0.map { rules.total(node: $0) } }
        var pressures = nodes.indices.map { pressure(of: $0) }
        let targets = nodes.indices.filter { nodes[$0].isTarget }
        while !capReached {
            var hottest = hottestCPU
            var candidates: [(index: Int, target: Int, gain: Double)] = []
            for index in bundles.indices where !moved[index] {
                let bundle = bundles[index]
                guard let pressure = pressures[bundle.source], pressure != .maintenance else { continue }
                let sourceVersion = state.versions[bundle.source]
                if cache.sourceVersion[index] != sourceVersion {
                    guard let side = sourceSide(bundle, pressure: pressure) else { continue }
                    cache.resetSource(index, version: sourceVersion, side: side)
                }
                guard let source = cache.source[index] else { continue }
                for target in targets where target != bundle.source {
                    let version = state.versions[target]
                    if cache.version(index, target) == version { continue }
                    let evaluation = evaluate(
                        bundle, target: target, source: source, targetTotal: nodeTotals[target] ?? 0, strict: true,
                        hottestCPU: hottest)
                    cache.store(index, target, version: version, evaluation.isFeasible ? evaluation.gain : nil)
                }
                if let best = cache.best(index) { candidates.append((index, best.target, best.gain)) }
            }
            candidates.sort { $0.gain > $1.gain }
            var touched = Array(repeating: false, count: nodes.count)
            var acceptedAny = false
            for candidate in candidates where !capReached {
                let bundle = bundles[candidate.index]
                guard !touched[bundle.source], !touched[candidate.target], let pressure = pressures[bundle.source],
                    let source = cache.source[candidate.index]
                else { continue }
                let evaluation = evaluate(
                    bundle, target: candidate.target, source: source, targetTotal: nodeTotals[candidate.target] ?? 0,
                    strict: true, hottestCPU: hottest)
                guard evaluation.isFeasible else {
                    cache.store(candidate.index, candidate.target, version: state.versions[candidate.target], nil)
                    continue
                }
                accept(candidate.index, evaluation, kind: .overloadRelief, pressure: pressure)
                acceptedAny = true
                for node in [bundle.source, candidate.target] {
                    touched[node] = true
                    nodeTotals[node] = state.loads[node].map { rules.total(node: $0) }
                    pressures[node] = self.pressure(of: node)
                }
                hottest = hottestCPU
            }
            if !acceptedAny { return }
        }
    }

    /// Evens out running-guest counts (seed 000): while the busiest node runs at least
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
