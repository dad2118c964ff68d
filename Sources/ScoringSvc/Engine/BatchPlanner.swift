public import Shared

/// Builds one plan as a batch: maintenance evacuation, then overload relief, then optional
/// distribution balancing. Every accepted move updates the predicted state of its source and
/// target before the next is chosen, so the set as a whole improves the cluster and no guest
/// appears twice.
///
/// Overload relief is greedy on the cluster objective — Σ node scores plus Σ (CPU² + memory²) / 100
/// (the quadratic term rewards evening out load) — and takes, each round, the feasible move that
/// lowers it most. A move is feasible when every hard rule holds, it clears
/// `min_score_improvement`, the target ends cooler than the source was (peak of CPU % and
/// memory %), and the target stays under a threshold the source is not above. Only guests on
/// nodes that are still under pressure in the predicted state are candidates, so relief stops as
/// soon as a node is back within its thresholds.
struct BatchPlanner {
    let nodes: [PlanningNode]
    let guests: [GuestState]
    let bundles: [MoveBundle]
    let rules: ScoringRules
    let settings: ScoringSettings
    private(set) var state: PlanState
    private(set) var moves: [PlannedMove] = []
    /// Per bundle: already in the plan.
    private(set) var moved: [Bool]

    init(nodes: [PlanningNode], guests: [GuestState], bundles: [MoveBundle], settings: ScoringSettings, state: PlanState) {
        self.nodes = nodes
        self.guests = guests
        self.bundles = bundles
        self.settings = settings
        self.state = state
        rules = ScoringRules(settings.penalties)
        moved = Array(repeating: false, count: bundles.count)
    }

    var configuration: PenaltyConfiguration { settings.penalties }
    var capReached: Bool { moves.count >= settings.maxMovesPerPlan }

    /// Runs the three phases.
    mutating func run() {
        evacuateMaintenance()
        relieveOverload()
        if settings.distribution.enabled { balanceDistribution() }
    }

    /// The pressure on node `index` in the predicted state.
    func pressure(of index: Int) -> SourcePressure? {
        guard let load = state.loads[index] else { return nil }
        return SourcePressure.of(load, maintenance: nodes[index].maintenance, configuration: configuration)
    }

    /// The hard rule that keeps `bundle` off `target`, in the predicted state.
    func disqualification(_ bundle: MoveBundle, target: Int) -> TargetDisqualification? {
        let node = nodes[target]
        if let blocker = node.targetBlocker {
            return TargetDisqualification(node: node.name, rule: blocker.rule, detail: blocker.detail)
        }
        if !bundle.storages.isSubset(of: node.storages) {
            let missing = bundle.storages.subtracting(node.storages)
            return TargetDisqualification(
                node: node.name, rule: "rule_storage",
                detail: "\(node.name) lacks storage \(missing.sorted().joined(separator: ", "))")
        }
        if let group = bundle.antiAffinity.first(where: { state.hosts(antiAffinity: $0, on: target) }) {
            return TargetDisqualification(
                node: node.name, rule: "rule_anti_affinity", detail: "\(node.name) already runs a guest tagged \(group)")
        }
        if let load = state.loads[target], !MemoryGate.fits(bundle.load, on: load) {
            return TargetDisqualification(
                node: node.name, rule: "rule_memory_capacity",
                detail: "\(node.name) cannot fit \(GiB(bundle.load.memoryMaxBytes)) GiB more under 95 % of its memory "
                    + "(committed \(GiB(load.committedMemoryBytes)) of \(GiB(load.memoryTotalBytes)) GiB, planned arrivals included)")
        }
        return nil
    }

    /// Tries `bundle` on `target`; `sourceTotal`/`sourceAfterTotal` are the source's scores with and
    /// without it, `targetTotal` the target's now. `strict` applies the relief conditions.
    func evaluate(
        _ bundle: MoveBundle, target: Int, sourceTotal: Double, sourceAfterTotal: Double, targetTotal: Double,
        boost: Double, strict: Bool, hottestCPU: Double = .infinity
    ) -> MoveEvaluation {
        if let rule = disqualification(bundle, target: target) {
            return MoveEvaluation(target: target, improvement: 0, gain: 0, targetAfter: nil, failure: .rule(rule))
        }
        guard let source = state.loads[bundle.source], let before = state.loads[target] else {
            preconditionFailure("a scorable source and target are checked by disqualification")
        }
        let after = before.moving(bundle.load, arriving: true)
        let sourceAfter = source.moving(bundle.load, arriving: false)
        let targetAfterTotal = rules.total(node: after)
        let improvement = sourceTotal + boost - targetAfterTotal
        let gain =
            (sourceTotal + targetTotal + Self.spread(source) + Self.spread(before))
            - (sourceAfterTotal + targetAfterTotal + Self.spread(sourceAfter) + Self.spread(after))
        var failure: MoveEvaluation.Failure?
        if strict {
            if let why = boundsFailure(target: target, after: after, sourceAfter: sourceAfter, hottestCPU: hottestCPU) {
                failure = .wouldOverload(why)
            } else if improvement < configuration.minScoreImprovement {
                failure = .insufficientImprovement
            } else if gain <= Self.minimumGain {
                failure = .noGain
            }
        }
        return MoveEvaluation(target: target, improvement: improvement, gain: gain, targetAfter: after, failure: failure)
    }

    /// Why a target would end up too loaded, or `nil`: its CPU may not exceed the hottest node's
    /// CPU in the predicted state (so the cluster's maximum CPU never rises), and neither its CPU
    /// nor its memory may end above its threshold and above what the source keeps (no new hotspot).
    func boundsFailure(target: Int, after: NodeLoad, sourceAfter: NodeLoad, hottestCPU: Double) -> OverloadReason? {
        let c = configuration
        if after.cpuPct > hottestCPU { return .aboveHottest(cpu: after.cpuPct, hottest: hottestCPU) }
        if after.cpuPct > max(c.cpuThreshold, sourceAfter.cpuPct) { return .cpuThreshold(after.cpuPct) }
        if after.memoryPct > max(c.memThreshold, sourceAfter.memoryPct) { return .memoryThreshold(after.memoryPct) }
        return nil
    }

    /// The highest CPU % among the scorable nodes in the predicted state.
    var hottestCPU: Double { state.loads.compactMap { $0?.cpuPct }.max() ?? 100 }

    /// A move must lower the cluster objective by more than this.
    static let minimumGain = 0.01

    /// The quadratic spread term of one node.
    static func spread(_ load: NodeLoad) -> Double {
        (load.cpuPct * load.cpuPct + load.memoryPct * load.memoryPct) / 100
    }

    /// Records and applies a move.
    mutating func accept(_ index: Int, _ evaluation: MoveEvaluation, kind: MoveKind, pressure: SourcePressure?) {
        let bundle = bundles[index]
        guard let sourceBefore = state.loads[bundle.source], let targetBefore = state.loads[evaluation.target] else { return }
        state.apply(bundle, to: evaluation.target)
        moved[index] = true
        moves.append(
            PlannedMove(
                bundle: index, source: bundle.source, target: evaluation.target, kind: kind, pressure: pressure,
                improvement: evaluation.improvement, gain: evaluation.gain, sourceBefore: sourceBefore,
                sourceAfter: state.loads[bundle.source] ?? sourceBefore, targetBefore: targetBefore,
                targetAfter: state.loads[evaluation.target] ?? targetBefore))
    }

    /// Every migratable guest leaves a maintenance node, largest first, each to the target with
    /// the best score once it arrives (no improvement gate: leaving is the point).
    mutating func evacuateMaintenance() {
        let order = bundles.indices.filter { nodes[bundles[$0].source].maintenance }
            .sorted { bundles[$0].load.memoryMaxBytes > bundles[$1].load.memoryMaxBytes }
        for index in order where !capReached {
            let bundle = bundles[index]
            guard let source = state.loads[bundle.source] else { continue }
            let sourceTotal = rules.total(node: source)
            let sourceAfterTotal = rules.total(node: source.moving(bundle.load, arriving: false))
            var best: MoveEvaluation?
            for target in nodes.indices where target != bundle.source {
                guard let load = state.loads[target] else { continue }
                let evaluation = evaluate(
                    bundle, target: target, sourceTotal: sourceTotal, sourceAfterTotal: sourceAfterTotal,
                    targetTotal: rules.total(node: load), boost: configuration.maintenanceScoreBoost, strict: false)
                if evaluation.isFeasible, evaluation.improvement > (best?.improvement ?? -.infinity) { best = evaluation }
            }
            if let best { accept(index, best, kind: .maintenanceEvacuation, pressure: .maintenance) }
        }
    }

    /// Greedy relief of nodes under CPU, memory or IOWait pressure (see the type's description).
    /// Gains are cached per (guest, target) and recomputed only for nodes a move changed; the
    /// chosen move is evaluated again before it is accepted, since the hottest CPU may have dropped.
    mutating func relieveOverload() {
        var cache = EvaluationCache(bundles: bundles.count, nodes: nodes.count)
        var nodeTotals: [Double?] = state.loads.map { $0.map { rules.total(node: $0) } }
        var pressures = nodes.indices.map { pressure(of: $0) }
        while !capReached {
            let hottest = hottestCPU
            var candidates: [(index: Int, target: Int, gain: Double)] = []
            for index in bundles.indices where !moved[index] {
                let bundle = bundles[index]
                guard let pressure = pressures[bundle.source], pressure != .maintenance,
                    let source = state.loads[bundle.source], let sourceTotal = nodeTotals[bundle.source]
                else { continue }
                let sourceVersion = state.versions[bundle.source]
                if cache.sourceVersion[index] != sourceVersion {
                    cache.resetSource(
                        index, version: sourceVersion,
                        afterTotal: rules.total(node: source.moving(bundle.load, arriving: false)))
                }
                for target in nodes.indices where target != bundle.source && nodes[target].isTarget {
                    let version = state.versions[target]
                    if cache.version(index, target) == version { continue }
                    let evaluation = evaluate(
                        bundle, target: target, sourceTotal: sourceTotal, sourceAfterTotal: cache.sourceAfterTotal[index],
                        targetTotal: nodeTotals[target] ?? 0, boost: pressure.sourceBoost(configuration), strict: true,
                        hottestCPU: hottest)
                    cache.store(index, target, version: version, evaluation.isFeasible ? evaluation.gain : nil)
                }
                if let best = cache.best(index) { candidates.append((index, best.target, best.gain)) }
            }
            var accepted = false
            while let position = candidates.indices.max(by: { candidates[$0].gain < candidates[$1].gain }) {
                let candidate = candidates.remove(at: position)
                let bundle = bundles[candidate.index]
                guard let pressure = pressures[bundle.source], let sourceTotal = nodeTotals[bundle.source] else { continue }
                let evaluation = evaluate(
                    bundle, target: candidate.target, sourceTotal: sourceTotal,
                    sourceAfterTotal: cache.sourceAfterTotal[candidate.index], targetTotal: nodeTotals[candidate.target] ?? 0,
                    boost: pressure.sourceBoost(configuration), strict: true, hottestCPU: hottest)
                guard evaluation.isFeasible else {
                    cache.store(candidate.index, candidate.target, version: state.versions[candidate.target], nil)
                    continue
                }
                accept(candidate.index, evaluation, kind: .overloadRelief, pressure: pressure)
                accepted = true
                break
            }
            guard accepted, let last = moves.last else { return }
            for node in [last.source, last.target] {
                nodeTotals[node] = state.loads[node].map { rules.total(node: $0) }
                pressures[node] = pressure(of: node)
            }
        }
    }

    /// Evens out running-guest counts (seed 000): while the busiest node runs at least
    /// `guest_count_threshold` more guests than the quietest, move the small guest whose move
    /// does the cluster most good from the one to the other, never making the hottest node hotter.
    mutating func balanceDistribution() {
        let distribution = settings.distribution
        let targets = nodes.indices.filter { nodes[$0].isTarget }
        while !capReached {
            guard let busiest = targets.max(by: { state.running[$0] < state.running[$1] }),
                let quietest = targets.min(by: { state.running[$0] < state.running[$1] }),
                state.running[busiest] - state.running[quietest] >= distribution.guestCountThreshold,
                let source = state.loads[busiest], let target = state.loads[quietest]
            else { return }
            let hottest = hottestCPU
            let sourceTotal = rules.total(node: source)
            let targetTotal = rules.total(node: target)
            let best = bundles.indices
                .filter { !moved[$0] && bundles[$0].source == busiest && bundles[$0].small && bundles[$0].guests.count == 1 }
                .compactMap { index -> (Int, MoveEvaluation)? in
                    let bundle = bundles[index]
                    let evaluation = evaluate(
                        bundle, target: quietest, sourceTotal: sourceTotal,
                        sourceAfterTotal: rules.total(node: source.moving(bundle.load, arriving: false)),
                        targetTotal: targetTotal, boost: 0, strict: false)
                    guard evaluation.isFeasible, let after = evaluation.targetAfter,
                        boundsFailure(
                            target: quietest, after: after, sourceAfter: source.moving(bundle.load, arriving: false),
                            hottestCPU: hottest) == nil,
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

/// Formats bytes as GiB with one decimal.
func GiB(_ bytes: Int64) -> String { Rounding.string(Double(bytes) / 1_073_741_824, decimals: 1) }
