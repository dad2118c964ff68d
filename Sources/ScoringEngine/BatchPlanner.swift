public import Contract

/// Builds one plan as a batch: maintenance evacuation, then overload relief, then the repair of
/// broken anti-affinity and affinity placements (`BatchPlanner+Repair.swift`), then optional
/// distribution balancing (see `BatchPlanner+Phases.swift`). Every accepted move updates the
/// predicted state of its source and target before a move touching them is considered, so the
/// set as a whole improves the cluster and no guest appears twice.
///
/// A relief move is feasible when every hard rule holds and the target stays within bounds
/// (`boundsFailure`): its CPU not above the hottest node's (so the cluster's maximum CPU never
/// rises) nor above its threshold unless it ends below the source's CPU, its memory not above the
/// migration floor, and a target under pressure itself no worse on what it is beyond. Of the
/// feasible targets, the one that lowers the cluster objective most — Σ node scores plus
/// Σ (CPU² + memory²) / 100, whose quadratic term rewards evening out load — is chosen. Each
/// bundle moves at most once, so the plan ends. `min_score_improvement` gates the relief of a source node as a whole (`reliefGain`), not
/// each move, so a node made of many small guests is relieved like one of a few large ones.
struct BatchPlanner {
    let context: PlanningContext
    let rules: ScoringRules
    let settings: ScoringSettings
    private(set) var state: PlanState
    private(set) var moves: [PlannedMove] = []
    /// Per bundle: already in the plan.
    private(set) var moved: [Bool]
    /// Per bundle: an affinity group gathered here by a repair; relief and distribution leave it.
    var held: [Bool]
    /// Per node: may receive guests (`PlanningNode.isTarget`), read on every evaluation.
    let isTarget: [Bool]
    /// Per node: the score its relief gains (`reliefGain`), fixed when relief first considers it.
    var reliefGains: [Double?]
    /// The plan stops at this many moves (`max_moves_per_plan`).
    var moveLimit: Int
    /// Whether any bundle grows (`MoveBundle.growthPctPerDay`), so relief weighs growth at all.
    let anyGrowing: Bool
    /// What a move costs (`migration_link_gbps`, Proxmox's migration `bwlimit`).
    let cost: MigrationCost
    /// Relief's second pass: once no node can be relieved with every target kept under the CPU
    /// threshold, a target may go above it while it ends below the source (water-filling the peak).
    var waterFill = false
    /// Relief ranks the CPU peak first (`reliefPriority`): set for the capped plan tried by `run`.
    var peakFirst = false
    /// Relief was found by search (`searchedRelief`).
    private(set) var searched = false

    init(context: PlanningContext, settings: ScoringSettings) {
        self.context = context
        self.settings = settings
        state = context.initialState
        rules = ScoringRules(settings.penalties)
        moved = Array(repeating: false, count: context.bundles.count)
        held = moved
        isTarget = context.nodes.map(\.isTarget)
        reliefGains = Array(repeating: nil, count: context.nodes.count)
        moveLimit = settings.maxMovesPerPlan
        anyGrowing = context.bundles.contains { $0.growthPctPerDay > 0 }
        cost = MigrationCost(linkGbps: settings.migrationLinkGbps, limitBps: context.migrationLimitBps)
    }

    /// Whether bundle `index` may still move in relief or distribution: not moved yet, not held.
    func mayLeave(_ index: Int) -> Bool { !moved[index] && !held[index] }

    var nodes: [PlanningNode] { context.nodes }
    var bundles: [MoveBundle] { context.bundles }
    var configuration: PenaltyConfiguration { settings.penalties }
    /// Guests the accepted moves carry (an affinity bundle moves all its companions).
    private(set) var movedGuests = 0
    var capReached: Bool { movedGuests >= moveLimit }
    /// Whether `bundle` still fits under the cap (`max_moves_per_plan` counts recommendations).
    func fitsCap(_ bundle: MoveBundle) -> Bool { movedGuests + bundle.guests.count <= moveLimit }

    /// Runs the phases: evacuation and relief (`relieve`), rule repair, distribution.
    mutating func run() {
        relieve()
        repairRules()
        if settings.distribution.enabled { balanceDistribution() }
    }

    /// Evacuation, then relief. When the cap stops relief, relief is made again ranking the CPU
    /// peak first (`peakFirst`: memory emergencies, then CPU, then the rest of the memory
    /// pressure), kept when it fills the cap too: so a capped plan cuts the peak as far as the cap
    /// allows while the uncapped plan is unchanged. On a small cluster, relief found by
    /// exhaustive search replaces it when better (`searchedRelief`).
    mutating func relieve() {
        evacuateMaintenance()
        let start = self
        var peak = self
        relieveOverload()
        if capReached {
            peak.peakFirst = true
            peak.relieveOverload()
            // Peak-first relief that stops short of the cap keeps the plan that reached it.
            if peak.capReached { self = peak }
        }
        if let found = start.searchedRelief(against: self) {
            self = found
            searched = true
        }
    }

    /// How many more moves evacuation and relief need without the cap, or `nil` when the plan
    /// did not stop at it: the moves relief still makes from here, or, for relief found by search,
    /// the moves the plan made without the cap has beyond this one's when more (a capped plan
    /// need not be its start).
    func remainingReliefMoves() -> Int? {
        guard capReached else { return nil }
        let limit = movedGuests + ScoringSettings.maxMovesRange.upperBound
        var more = self
        more.moveLimit = limit
        more.evacuateMaintenance()
        more.relieveOverload()
        guard searched else { return more.movedGuests - movedGuests }
        var full = BatchPlanner(context: context, settings: settings)
        full.moveLimit = limit
        full.relieve()
        return max(more.movedGuests, full.movedGuests) - movedGuests
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

    /// The hard rule that keeps `bundle` off `target` in the predicted state, if any; with
    /// `leaving`, once that bundle (on `target`) has left it (the first half of a swap).
    func rule(_ bundle: MoveBundle, target: Int, after leaving: MoveBundle? = nil) -> TargetRule? {
        guard isTarget[target], var load = state.loads[target] else { return .unavailable }
        if !bundle.storageFits[target] { return .storage }
        if context.haTargets.forbids(bundle.guests, target: target) { return .haNodeAffinity }
        for group in bundle.antiAffinity {
            let gone = leaving?.antiAffinity.reduce(0) { $0 + ($1 == group ? 1 : 0) } ?? 0
            if state.count(antiAffinity: group, on: target) > gone { return .antiAffinity(group) }
        }
        if let leaving { load = load.moving(leaving.load, arriving: false) }
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
        case .haNodeAffinity:
            return TargetDisqualification(
                node: node.name, rule: "rule_ha_node_affinity",
                detail: context.haTargets.reason(bundle.guests, guests: context.guests, target: node.name))
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
            total: rules.total(node: source), spread: Self.spread(source), cpu: source.cpuPct,
            afterTotal: rules.total(node: after),
            afterSpread: Self.spread(after), afterCPU: after.cpuPct, afterMemory: after.memoryPct,
            boost: pressure?.sourceBoost(configuration) ?? 0, pressure: pressure)
    }

    /// Tries `bundle` on `target` whose score now is `targetTotal`. `strict` applies the relief
    /// bounds too; otherwise only the hard rules.
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
            if let why = boundsFailure(after: after, target: target, source: source, hottestCPU: hottestCPU) {
                failure = .wouldOverload(why)
            }
        }
        return MoveEvaluation(target: target, improvement: improvement, gain: gain, targetAfter: after, failure: failure)
    }

    /// Why a target would end up too loaded, or `nil`, resource by resource. Its CPU may not
    /// exceed the hottest node's CPU in the predicted state (so the cluster's maximum CPU never
    /// rises). On a resource within its threshold now the target stays within it: CPU under the
    /// CPU threshold (in the water-filling pass, or else below the source's CPU before the move,
    /// so each move cuts the pair's peak), memory under the memory threshold or migration floor, whichever
    /// is lower (above it the target would have to send memory away itself). On a resource
    /// beyond it (the target is under pressure itself) the target takes nothing sent to relieve
    /// that resource (but in the water-filling pass CPU it ends no higher than the source keeps,
    /// so targets pushed over the threshold keep levelling the peak) and ends no higher than at
    /// the start of the plan: a memory-bound node may
    /// take a CPU-heavy guest once it has sent memory away, a CPU-bound one a memory-heavy idle
    /// guest once it has sent CPU away.
    func boundsFailure(after: NodeLoad, target: Int, source: SourceSide, hottestCPU: Double) -> OverloadReason? {
        let c = configuration
        if after.cpuPct > hottestCPU { return .aboveHottest(cpu: after.cpuPct, hottest: hottestCPU) }
        guard let now = state.loads[target], let start = context.initialState.loads[target] else { return nil }
        if SourcePressure.cpuExcess(now, c) > 0 {
            // Water-filling, a target beyond the threshold still takes CPU it ends under the source with.
            let levels = waterFill && source.pressure == .cpu && after.cpuPct <= source.afterCPU
            if !levels, source.pressure == .cpu || after.cpuPct > start.cpuPct {
                return .cpuBeyond(cpu: after.cpuPct, start: start.cpuPct)
            }
        } else if after.cpuPct > c.cpuThreshold, !waterFill || after.cpuPct >= source.cpu {
            return .cpuThreshold(after.cpuPct)
        }
        if now.memoryPct > c.sourceMemMigrationFloor {
            if source.pressure == .memory || after.memoryPct > start.memoryPct {
                return .memoryBeyond(memory: after.memoryPct, start: start.memoryPct)
            }
        } else if after.memoryPct > memoryCeiling {
            return .memoryThreshold(after.memoryPct)
        }
        return nil
    }

    /// The highest memory % a target within its memory thresholds may reach: above the migration
    /// floor it would become a source itself.
    var memoryCeiling: Double { min(configuration.memThreshold, configuration.sourceMemMigrationFloor) }

    /// The quadratic spread term of one node.
    static func spread(_ load: NodeLoad) -> Double {
        (load.cpuPct * load.cpuPct + load.memoryPct * load.memoryPct) / 100
    }

    /// Records and applies a move.
    mutating func accept(
        _ index: Int, _ evaluation: MoveEvaluation, kind: MoveKind, pressure: SourcePressure?, repair: String? = nil,
        growthPreferred: Double? = nil, costPreferred: CostChoice? = nil, swap: PlannedMove.Swap? = nil
    ) {
        let bundle = bundles[index]
        guard let sourceBefore = state.loads[bundle.source], let targetBefore = state.loads[evaluation.target] else { return }
        state.apply(bundle, to: evaluation.target)
        moved[index] = true
        movedGuests += bundle.guests.count
        moves.append(
            PlannedMove(
                bundle: index, source: bundle.source, target: evaluation.target, kind: kind, pressure: pressure,
                improvement: evaluation.improvement, gain: evaluation.gain, sourceBefore: sourceBefore,
                sourceAfter: state.loads[bundle.source] ?? sourceBefore, targetBefore: targetBefore,
                targetAfter: state.loads[evaluation.target] ?? targetBefore, repair: repair,
                growthPreferred: growthPreferred, costPreferred: costPreferred, swap: swap))
    }
}

/// Formats bytes as GiB with one decimal.
func GiB(_ bytes: Int64) -> String { Rounding.string(Double(bytes) / 1_073_741_824, decimals: 1) }
