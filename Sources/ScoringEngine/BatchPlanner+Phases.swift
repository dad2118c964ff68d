import Contract

extension BatchPlanner {
    /// Every migratable guest leaves a maintenance node, largest first, each to the target with
    /// the best score once it arrives (no improvement gate: leaving is the point).
    mutating func evacuateMaintenance() {
        let order = bundles.indices.filter { nodes[bundles[$0].source].maintenance && !moved[$0] }
            .sorted { bundles[$0].load.memoryMaxBytes > bundles[$1].load.memoryMaxBytes }
        for index in order where !capReached && fitsCap(bundles[index]) {
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

    /// Relief of nodes under CPU, memory or IOWait pressure, one move at a time (see `BatchPlanner`).
    ///
    /// Each step works on the node furthest beyond a threshold (its CPU, memory or IOWait excess,
    /// whichever is larger; so a capped plan cuts the CPU peak first), whose relief clears the gate
    /// (`reliefGain`). Of its guests, sorted by the resource
    /// under pressure (CPU cores, memory in use or disk I/O), it moves the smallest one whose
    /// departure alone brings the node under that threshold, else the largest one that may move:
    /// the fewest moves, and no large guest where a small one does the job. Each goes to the
    /// target that lowers the cluster objective most within the bounds (`boundsFailure`: a node
    /// under pressure itself takes only what leaves it no worse on what it is beyond; IOWait-
    /// stressed nodes take nothing). A node none of whose guests may move is set aside until the
    /// targets change or a node that sends a guest away gains room for one of its guests. Targets
    /// stay under the CPU threshold until no node can be relieved that way; then a second pass
    /// lets them rise while they end below the source, so the peak falls as far as it can; and
    /// when one-way moves are stuck, a hot and a memory-bound node swap guests (`relieveBySwap`).
    mutating func relieveOverload() {
        let order = candidateOrder()
        var stuck = Array(repeating: false, count: nodes.count)
        var stuckPressure = [SourcePressure?](repeating: nil, count: nodes.count)
        var lastTargets: [Int] = []
        // Node scores in the predicted state, rescored only where a move changed the load.
        var totals = state.loads.map { $0.map { rules.total(node: $0) } }
        while !capReached {
            let pressures = nodes.indices.map { pressure(of: $0) }
            let targets = nodes.indices.filter { isTarget[$0] && pressures[$0] != .iowait }
            if targets != lastTargets {
                stuck = Array(repeating: false, count: nodes.count)
                lastTargets = targets
            }
            var sources: [(node: Int, pressure: SourcePressure, priority: Double)] = []
            for source in nodes.indices where !stuck[source] {
                guard var pressure = pressures[source], pressure != .maintenance, let load = state.loads[source] else { continue }
                if reliefGains[source] == nil { reliefGains[source] = reliefGain(of: source) }
                if let gain = reliefGains[source], gain < configuration.minScoreImprovement { continue }
                // The node furthest beyond a threshold first, relieved of that resource: CPU when
                // its CPU excess is the larger, even when IOWait-stressed too, so the peak falls as
                // far as the cap allows.
                var priority = excess(load, pressure)
                let cpuFirst = peakFirst && pressure == .memory && load.memoryPct < MemoryGate.usablePercent
                if excess(load, .cpu) > (cpuFirst ? 0 : priority), seasonalPeak(of: source) == nil {
                    pressure = .cpu
                    priority = excess(load, .cpu)
                }
                sources.append((source, pressure, reliefPriority(load, pressure, excess: priority)))
            }
            sources.sort { $0.priority != $1.priority ? $0.priority > $1.priority : $0.node < $1.node }
            let hottest = hottestCPU
            var acceptedAny = false
            for source in sources {
                let candidates = order[source.node][source.pressure, default: []].filter(mayLeave)
                if let (index, evaluation, growth, cost) = reliefMove(
                    source.node, source.pressure, candidates: candidates, targets: targets, totals: totals, hottest: hottest)
                {
                    accept(
                        index, evaluation, kind: .overloadRelief, pressure: source.pressure, growthPreferred: growth,
                        costPreferred: cost)
                    acceptedAny = true
                    // Only the node that sent a guest away gained room (every other target lost
                    // some and the hottest CPU only falls): a set-aside node may move again only
                    // if one of its guests now fits there.
                    let sender = [source.node]
                    for other in nodes.indices where stuck[other] && other != source.node && targets.contains(source.node) {
                        guard let pressure = stuckPressure[other] else { continue }
                        let candidates = order[other][pressure, default: []].filter(mayLeave)
                        if reliefMove(other, pressure, candidates: candidates, targets: sender, totals: totals, hottest: hottestCPU) != nil {
                            stuck[other] = false
                        }
                    }
                    for node in [bundles[index].source, evaluation.target] {
                        totals[node] = state.loads[node].map { rules.total(node: $0) }
                    }
                    break
                }
                stuck[source.node] = true
                stuckPressure[source.node] = source.pressure
            }
            if !acceptedAny {
                // Nothing more fits under the thresholds: let targets rise toward the sources;
                // once nothing fits that way either, a hot and a memory-bound node swap guests.
                if waterFill {
                    guard relieveBySwap(order: order) else { return }
                    totals = state.loads.map { $0.map { rules.total(node: $0) } }
                } else {
                    waterFill = true
                }
                stuck = Array(repeating: false, count: nodes.count)
            }
        }
    }

    /// The rank of a source relieved of `pressure` whose excess is `excess`: the excess itself,
    /// or with `peakFirst` a memory emergency (memory at or above `MemoryGate.usablePercent`, an
    /// out-of-memory risk) ahead of every CPU overload until it is under that line, then the
    /// CPU overloads by excess (a node beyond both, out of emergency, relieved of CPU first),
    /// then the rest of the memory pressure, so the cap's moves cut the CPU peak once no node is
    /// about to run out of memory.
    func reliefPriority(_ load: NodeLoad, _ pressure: SourcePressure, excess: Double) -> Double {
        guard peakFirst, pressure == .memory else { return excess }
        return load.memoryPct >= MemoryGate.usablePercent ? excess + Self.rankShift : excess - Self.rankShift
    }

    /// Larger than any excess, in points: shifts a rank ahead of or behind every other.
    static let rankShift = 1000.0

    /// How far `load` is beyond the threshold of `pressure`, in points of that resource.
    func excess(_ load: NodeLoad, _ pressure: SourcePressure) -> Double {
        let c = configuration
        switch pressure {
        case .cpu: return SourcePressure.cpuExcess(load, c)
        case .memory: return load.memoryPct - c.sourceMemMigrationFloor
        case .iowait:
            return min(load.iowaitPct - c.iowaitThreshold, (load.iowaitAvg24h ?? 0) - 0.7 * c.iowaitThreshold)
        case .maintenance: return .infinity
        }
    }

    /// How far the resource under `pressure` of `node` drops when `load` leaves it.
    func drop(_ load: GuestLoad, from node: NodeLoad, _ pressure: SourcePressure) -> Double {
        switch pressure {
        case .cpu: PlanBounds.cpuDrop(load, from: node, configuration)
        case .memory: PlanBounds.memoryDrop(load, from: node)
        case .iowait: load.iowaitImpactPct
        case .maintenance: 0
        }
    }

    /// The move relieving `source`: of `candidates` (largest first), the smallest whose departure
    /// alone ends the pressure, else the largest (of similar ones the fastest-growing); each to its
    /// best feasible target. With it, the guest's growth when that put it ahead of a similar one,
    /// and the cost choice when cost put it first (`preferCheaper`).
    func reliefMove(
        _ source: Int, _ pressure: SourcePressure, candidates: [Int], targets: [Int], totals: [Double?], hottest: Double
    ) -> (Int, MoveEvaluation, growth: Double?, cost: CostChoice?)? {
        guard let load = state.loads[source] else { return nil }
        let (sizes, scan, ahead, choice) = scanOrder(load, pressure, candidates: candidates)
        for position in scan where sizes[position] > 0 && fitsCap(bundles[candidates[position]]) {
            let index = candidates[position]
            let bundle = bundles[index]
            // Feasibility first, from loads alone; scores only for the targets that pass.
            let probe = SourceSide.probe(load, after: load.moving(bundle.load, arriving: false), pressure: pressure)
            let feasible = targets.filter { target in
                guard target != source, let before = state.loads[target],
                    before.cpuPct + bundle.load.cpuCores * 100 / Double(before.cpuThreads) <= hottest
                else { return false }
                return reliefArrival(bundle, target: target, probe: probe, hottest: hottest) != nil
            }
            guard !feasible.isEmpty, let side = sourceSide(bundle, pressure: pressure) else { continue }
            let best = feasible.map { target in
                evaluate(bundle, target: target, source: side, targetTotal: totals[target] ?? 0, strict: true, hottestCPU: hottest)
            }
            .filter(\.isFeasible).max { $0.gain < $1.gain }
            if let best {
                return (index, best, ahead.contains(position) ? bundle.growthPctPerDay : nil, choice?.position == position ? choice?.1 : nil)
            }
        }
        return nil
    }

    /// The load of `target` once `bundle` arrives, when every hard rule holds and it stays within
    /// the relief bounds (`boundsFailure`) for the source side `probe`; else `nil`.
    func reliefArrival(_ bundle: MoveBundle, target: Int, probe: SourceSide, hottest: Double) -> NodeLoad? {
        guard let before = state.loads[target], rule(bundle, target: target) == nil else { return nil }
        let after = before.moving(bundle.load, arriving: true)
        return boundsFailure(after: after, target: target, source: probe, hottestCPU: hottest) == nil ? after : nil
    }

    /// The order in which `candidates` (largest first by `pressure`) are tried, with their sizes
    /// (> 0 when they relieve something). One resource beyond its threshold: the smallest guest
    /// whose departure alone ends it, then larger ones, then the rest largest first. Relieving
    /// CPU, that order holds even when memory is beyond too, so a capped plan cuts the CPU peak
    /// first. Relieving memory with CPU beyond too: by the share of both needs a guest covers
    /// (each capped at all of it), so one guest relieving both goes before two relieving one
    /// each, the smallest such first. Among guests giving similar relief at similar cost the
    /// fastest-growing goes first (`preferGrowing`); and a clearly cheaper way to end one resource's
    /// pressure goes before the pick (`preferCheaper`), with the choice it made.
    func scanOrder(
        _ load: NodeLoad, _ pressure: SourcePressure, candidates: [Int]
    ) -> (sizes: [Double], scan: [Int], ahead: Set<Int>, choice: (position: Int, CostChoice)?) {
        let cpuNeed = excess(load, .cpu)
        let memoryNeed = excess(load, .memory)
        if pressure == .memory, cpuNeed > 0, memoryNeed > 0 {
            let shares = candidates.map { index -> Double in
                let guest = bundles[index].load
                return min(1, drop(guest, from: load, .cpu) / cpuNeed) + min(1, drop(guest, from: load, .memory) / memoryNeed)
            }
            let scan = candidates.indices.sorted { a, b in
                if shares[a] != shares[b] { return shares[a] > shares[b] }
                return bundles[candidates[a]].load.memoryMaxBytes < bundles[candidates[b]].load.memoryMaxBytes
            }
            // Among guests that cover both needs, the smallest first.
            let full = scan.prefix { shares[$0] >= 2 - PlanBounds.relief }.reversed()
            let order = Array(full) + scan.dropFirst(full.count)
            let (preferred, ahead) = preferGrowing(order, sizes: shares, finishers: full.count, candidates: candidates)
            return (shares, preferred, ahead, nil)
        }
        let need = excess(load, pressure) - PlanBounds.relief
        let sizes = candidates.map { drop(bundles[$0].load, from: load, pressure) }
        let finishers = sizes.prefix { $0 >= need }.count
        let order = Array((0..<finishers).reversed()) + Array(finishers..<candidates.count)
        let (preferred, ahead) = preferGrowing(order, sizes: sizes, finishers: finishers, candidates: candidates)
        let (cheapest, choice) = preferCheaper(preferred, sizes: sizes, need: need, finishers: finishers, candidates: candidates)
        return (sizes, cheapest, ahead, choice)
    }

    /// Relief and cost this close (as a share of the larger) count as similar.
    static let similarShare = 0.1

    /// Whether bundles `a` and `b` with reliefs `sizeA` and `sizeB` give similar relief at
    /// similar cost (`MigrationCost`).
    func similar(_ a: Int, _ b: Int, sizeA: Double, sizeB: Double) -> Bool {
        func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= Self.similarShare * max(abs(x), abs(y)) }
        return close(sizeA, sizeB) && close(cost.seconds(bundles[a]), cost.seconds(bundles[b]))
    }

    /// `order` (positions in `candidates`, the first `finishers` of them ending the pressure alone)
    /// with each run of guests giving relief and cost similar to the run's first reordered so the
    /// fastest-growing goes first: a guest whose load keeps growing relieves the days ahead too.
    /// Without growing guests the order is kept. `ahead`: the positions growing fastest in a run
    /// that holds a guest growing slower.
    func preferGrowing(
        _ order: [Int], sizes: [Double], finishers: Int, candidates: [Int]
    ) -> (order: [Int], ahead: Set<Int>) {
        guard anyGrowing, candidates.contains(where: { bundles[$0].growthPctPerDay > 0 }) else { return (order, []) }
        var result: [Int] = []
        var ahead = Set<Int>()
        var start = 0
        while start < order.count {
            let first = order[start]
            var end = start + 1
            while end < order.count, (end < finishers) == (start < finishers),
                similar(candidates[first], candidates[order[end]], sizeA: sizes[first], sizeB: sizes[order[end]])
            {
                end += 1
            }
            let run = order[start..<end].enumerated().sorted { a, b in
                let growthA = bundles[candidates[a.element]].growthPctPerDay
                let growthB = bundles[candidates[b.element]].growthPctPerDay
                return growthA != growthB ? growthA > growthB : a.offset < b.offset
            }
            result += run.map(\.element)
            let growths = run.map { bundles[candidates[$0.element]].growthPctPerDay }
            if let fastest = growths.max(), let slowest = growths.min(), fastest > slowest {
                for member in run where bundles[candidates[member.element]].growthPctPerDay == fastest { ahead.insert(member.element) }
            }
            start = end
        }
        return (result, ahead)
    }

    /// The score points node `index` gains if the plan relieves it: its score (with its boost)
    /// now minus its score once its guests have left, the smallest one that ends the pressure or
    /// else the largest, until it is under every threshold or nothing more can leave (whatever the
    /// targets). A node whose relief gains less than `min_score_improvement` is not relieved:
    /// the gate applies to what the plan's moves do together, never to each small move.
    func reliefGain(of index: Int) -> Double {
        guard var load = state.loads[index], let first = pressure(of: index) else { return 0 }
        let start = rules.total(node: load) + first.sourceBoost(configuration)
        var left = bundles.indices.filter { bundles[$0].source == index && mayLeave($0) }
        while let pressure = SourcePressure.of(load, maintenance: false, configuration: configuration), !left.isEmpty {
            let need = excess(load, pressure) - PlanBounds.relief
            let sized = left.map { (index: $0, size: drop(bundles[$0].load, from: load, pressure)) }.filter { $0.size > 0 }
            guard
                let pick = sized.filter({ $0.size >= need }).min(by: { $0.size < $1.size })
                    ?? sized.max(by: { $0.size < $1.size })
            else { break }
            load = load.moving(bundles[pick.index].load, arriving: false)
            left.removeAll { $0 == pick.index }
        }
        return start - rules.total(node: load)
    }

    /// Per node and pressure, the indexes of its bundles, largest first by the resource under
    /// that pressure (CPU cores for CPU, memory in use for memory, disk I/O for IOWait), the one
    /// with fewer bytes to copy first among equals.
    func candidateOrder() -> [[SourcePressure: [Int]]] {
        var order = Array(repeating: [SourcePressure: [Int]](), count: nodes.count)
        let bySource = Dictionary(grouping: bundles.indices) { bundles[$0].source }
        for (source, indexes) in bySource {
            let sizes: [(SourcePressure, (GuestLoad) -> Double)] = [
                (.cpu, \.cpuCores), (.memory, { Double($0.memoryUsedBytes) }), (.iowait, \.diskBps),
            ]
            // Keys read once per bundle, so the sort compares plain numbers.
            let memory = indexes.map { bundles[$0].copyBytes }
            for (pressure, size) in sizes {
                let keys = indexes.map { size(bundles[$0].load) }
                order[source][pressure] = indexes.indices.sorted { a, b in
                    if keys[a] != keys[b] { return keys[a] > keys[b] }
                    return memory[a] != memory[b] ? memory[a] < memory[b] : indexes[a] < indexes[b]
                }
                .map { indexes[$0] }
            }
        }
        return order
    }

    /// Evens out running-guest counts: while the busiest node runs at least
    /// `guest_count_threshold` more guests than the quietest, move the small guest (in use:
    /// `DistributionSettings.isSmall`) whose move does the cluster most good from the one to the
    /// other, within the same bounds as relief, under both thresholds, and only when the move
    /// clears `min_score_improvement` (so a cluster whose nodes carry even loads is left alone).
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
                .filter { mayLeave($0) && bundles[$0].source == busiest && bundles[$0].small && bundles[$0].guests.count == 1 }
                .compactMap { index -> (Int, MoveEvaluation)? in
                    guard let source = sourceSide(bundles[index], pressure: nil) else { return nil }
                    let evaluation = evaluate(
                        bundles[index], target: quietest, source: source, targetTotal: targetTotal, strict: false)
                    guard evaluation.isFeasible, let after = evaluation.targetAfter,
                        boundsFailure(after: after, target: quietest, source: source, hottestCPU: hottest) == nil,
                        after.cpuPct <= configuration.cpuThreshold, after.memoryPct <= configuration.memThreshold,
                        evaluation.improvement >= configuration.minScoreImprovement
                    else { return nil }
                    return (index, evaluation)
                }
                .max { $0.1.gain < $1.1.gain }
            guard let (index, evaluation) = best else { return }
            accept(index, evaluation, kind: .distributionBalancing, pressure: nil)
        }
    }
}
