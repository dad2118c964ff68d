public import Contract

/// Builds one plan as a batch: maintenance evacuation, then overload relief, then optional
/// distribution balancing (see `BatchPlanner+Phases.swift`). Every accepted move updates the
/// predicted state of its source and target before a move touching them is considered, so the
/// set as a whole improves the cluster and no guest appears twice.
///
/// A relief move is feasible when every hard rule holds, it clears `min_score_improvement`, it
/// lowers the cluster objective — Σ node scores plus Σ (CPU² + memory²) / 100, whose quadratic
/// term rewards evening out load — and the target stays within bounds: its CPU not above the
/// hottest node's (so the cluster's maximum CPU never rises), and neither its CPU nor its memory
/// above its threshold and above what the source keeps.
struct BatchPlanner {
    let context: PlanningContext
    let rules: ScoringRules
    let settings: ScoringSettings
    private(set) var state: PlanState
    private(set) var moves: [PlannedMove] = []
    /// Per bundle: already in the plan.
    private(set) var moved: [Bool]
    /// Per node: may receive guests (`PlanningNode.isTarget`), read on every evaluation.
    let isTarget: [Bool]

    init(context: PlanningContext, settings: ScoringSettings) {
        self.context = context
        self.settings = settings
        state = context.initialState
        rules = ScoringRules(settings.penalties)
        moved = Array(repeating: false, count: context.bundles.count)
        isTarget = context.nodes.map(\.isTarget)
    }

    var nodes: [PlanningNode] { context.nodes }
    var bundles: [MoveBundle] { context.bundles }
    var configuration: PenaltyConfiguration { settings.penalties }
    var capReached: Bool { moves.count >= settings.maxMovesPerPlan }

    /// Runs the three phases.
    mutating func run() {
        evacuateMaintenance()
        relieveOverload()
        if settings.distribution.enabled { balanceDistribution() }
    }

    /// The pressure on node `index` in the predicted state. CPU pressure that is usual for this
    /// hour of the day does not count when the seasonal baseline is on.
    func pressure(of index: Int) -> SourcePressure? {
        guard let load = state.loads[index] else { return nil }
        let pressure = SourcePressure.of(load, maintenance: nodes[index].maintenance, configuration: configuration)
        return pressure == .cpu && seasonalPeak(load) != nil ? nil : pressure
    }

    /// The usual CPU at this hour of a node under CPU pressure, when the seasonal baseline is on
    /// and its CPU now is within `sigma_threshold` deviations of it (a daily peak, not an overload).
    func seasonalPeak(of index: Int) -> HourlyBaseline? {
        guard let load = state.loads[index],
            SourcePressure.of(load, maintenance: nodes[index].maintenance, configuration: configuration) == .cpu
        else { return nil }
        return seasonalPeak(load)
    }

    private func seasonalPeak(_ load: NodeLoad) -> HourlyBaseline? {
        let seasonal = configuration.seasonalBaseline
        guard seasonal.enabled, let baseline = load.cpuTrend?.cpuByHour[context.hour],
            baseline.isUsual(load.cpuPct, sigma: seasonal.sigmaThreshold)
        else { return nil }
        return baseline
    }

    /// The highest CPU % among the scorable nodes in the predicted state.
    var hottestCPU: Double { state.loads.compactMap { $0?.cpuPct }.max() ?? 100 }

    /// The hard rule that keeps `bundle` off `target` in the predicted state, if any.
    func rule(_ bundle: MoveBundle, target: Int) -> TargetRule? {
        guard isTarget[target], let load = state.loads[target] else { return .unavailable }
        if !bundle.storageFits[target] { return .storage }
        for group in bundle.antiAffinity where state.hosts(antiAffinity: group, on: target) { return .antiAffinity(group) }
        if !MemoryGate.fits(bundle.load, on: load) { return .memoryCapacity }
        return nil
    }

    /// `rule` in words, as published.
    func disqualification(_ rule: TargetRule, _ bundle: MoveBundle, target: Int) -> TargetDisqualification {
        let node = nodes[target]
        switch rule {
        case .unavailable:
            let blocker = node.targetBlocker ?? ("rule_no_metrics", "\(node.name) cannot be scored")
            return TargetDisqualification(node: node.name, rule: blocker.rule, detail: blocker.detail)
        case .storage:
            let missing = bundle.storages.subtracting(node.storages).sorted().joined(separator: ", ")
            return TargetDisqualification(node: node.name, rule: "rule_storage", detail: "\(node.name) lacks storage \(missing)")
        case .antiAffinity(let group):
            return TargetDisqualification(
                node: node.name, rule: "rule_anti_affinity",
                detail: "\(node.name) already runs a guest tagged \(context.antiAffinityGroups[group])")
        case .memoryCapacity:
            let load = state.loads[target]
            return TargetDisqualification(
                node: node.name, rule: "rule_memory_capacity",
                detail: "\(node.name) cannot fit \(GiB(bundle.load.memoryMaxBytes)) GiB more under 95 % of its memory "
                    + "(committed \(GiB(load?.committedMemoryBytes ?? 0)) of \(GiB(load?.memoryTotalBytes ?? 0)) GiB, planned arrivals included)")
        }
    }

    /// The hard rule keeping `bundle` off `target`, in words, if any.
    func disqualification(_ bundle: MoveBundle, target: Int) -> TargetDisqualification? {
        rule(bundle, target: target).map { disqualification($0, bundle, target: target) }
    }

    /// The source side of moving `bundle` away, in the predicted state.
    func sourceSide(_ bundle: MoveBundle, pressure: SourcePressure?) -> SourceSide? {
        guard let source = state.loads[bundle.source] else { return nil }
        let after = source.moving(bundle.load, arriving: false)
        return SourceSide(
            total: rules.total(node: source), spread: Self.spread(source), afterTotal: rules.total(node: after),
            afterSpread: Self.spread(after), afterCPU: after.cpuPct, afterMemory: after.memoryPct,
            boost: pressure?.sourceBoost(configuration) ?? 0)
    }

    /// Tries `bundle` on `target` whose score now is `targetTotal`. `strict` applies the relief
    /// conditions (bounds, improvement, gain); otherwise only the hard rules.
    func evaluate(
        _ bundle: MoveBundle, target: Int, source: SourceSide, targetTotal: Double, strict: Bool,
        hottestCPU: Double = .infinity
    ) -> MoveEvaluation {
        if let rule = rule(bundle, target: target) {
            return MoveEvaluation(target: target, improvement: 0, gain: 0, targetAfter: nil, failure: .rule(rule))
        }
        guard let before = state.loads[target] else { preconditionFailure("`rule` checks the target is scorable") }
        let after = before.moving(bundle.load, arriving: true)
        let targetAfterTotal = rules.total(node: after)
        let improvement = source.total + source.boost - targetAfterTotal
        let gain =
            (source.total + targetTotal + source.spread + Self.spread(before))
            - (source.afterTotal + targetAfterTotal + source.afterSpread + Self.spread(after))
        var failure: MoveEvaluation.Failure?
        if strict {
            if let why = boundsFailure(after: after, source: source, hottestCPU: hottestCPU) {
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
    func boundsFailure(after: NodeLoad, source: SourceSide, hottestCPU: Double) -> OverloadReason? {
        let c = configuration
        if after.cpuPct > hottestCPU { return .aboveHottest(cpu: after.cpuPct, hottest: hottestCPU) }
        if after.cpuPct > max(c.cpuThreshold, source.afterCPU) { return .cpuThreshold(after.cpuPct) }
        if after.memoryPct > max(c.memThreshold, source.afterMemory) { return .memoryThreshold(after.memoryPct) }
        return nil
    }

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
}

/// Formats bytes as GiB with one decimal.
func GiB(_ bytes: Int64) -> String { Rounding.string(Double(bytes) / 1_073_741_824, decimals: 1) }
