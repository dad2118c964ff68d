import Contract

extension BatchPlanner {
    /// Repairs the placement rules the cluster breaks (after evacuation and relief), with the
    /// fewest moves and nothing else moved: of guests of one `exclude_<group>` sharing a node, all
    /// but one leave, each the guest and target that lower the cluster objective most among those
    /// that pass every target rule and stay within the relief bounds (so a repair never raises the
    /// cluster's highest CPU either); an `affinity_<group>` split across nodes is gathered on the
    /// node that needs the fewest moves and can take them all (then the one whose moves lower the
    /// objective most), and the group stays there for the rest of the plan.
    /// A violation no move can repair is left as it is (the summary says so).
    mutating func repairRules() {
        var placement = PlacementRules.placement(context, after: moves)
        let violations = PlacementRules.violations(context, placement: placement)
        guard !violations.isEmpty else { return }
        let affinityBundles = Dictionary(grouping: bundles.indices.filter { bundles[$0].affinityGroup != nil }) {
            bundles[$0].affinityGroup!
        }
        for violation in violations where !capReached {
            let done = moves.count
            switch violation.rule {
            case .antiAffinity: separate(violation)
            case .affinity: gather(violation, placement: placement, bundles: affinityBundles[violation.group, default: []])
            }
            for move in moves[done...] {
                for guest in bundles[move.bundle].guests { placement[guest] = move.target }
            }
        }
    }

    /// Moves guests of the anti-affinity group away from the node they share until one is left.
    private mutating func separate(_ violation: PlacementViolation) {
        guard let group = context.antiAffinityGroups.firstIndex(of: violation.group), let node = violation.nodes.first else {
            return
        }
        let names = violation.guests.map { context.guests[$0].label }
        let sentence = "anti-affinity group \(violation.name): \(Self.list(names)) run on \(nodes[node].name)"
        while state.count(antiAffinity: group, on: node) > 1, !capReached {
            let hottest = hottestCPU
            var best: (index: Int, evaluation: MoveEvaluation)?
            for index in bundles.indices where bundles[index].source == node && mayLeave(index) {
                let bundle = bundles[index]
                // A bundle carrying two guests of the group takes the violation along.
                guard bundle.antiAffinity.filter({ $0 == group }).count == 1, fitsCap(bundle),
                    let side = sourceSide(bundle, pressure: nil)
                else { continue }
                for target in nodes.indices where target != node {
                    guard let load = state.loads[target] else { continue }
                    let evaluation = evaluate(
                        bundle, target: target, source: side, targetTotal: rules.total(node: load), strict: true,
                        hottestCPU: hottest)
                    if evaluation.isFeasible, evaluation.gain > (best?.evaluation.gain ?? -.infinity) {
                        best = (index, evaluation)
                    }
                }
            }
            guard let best else { return }
            accept(best.index, best.evaluation, kind: .ruleRepair, pressure: nil, repair: sentence)
        }
    }

    /// Gathers a split affinity group on one of the nodes holding it.
    private mutating func gather(_ violation: PlacementViolation, placement: [Int?], bundles group: [Int]) {
        let spread = Dictionary(grouping: violation.guests) { placement[$0] ?? -1 }
        let names = violation.nodes.map { node in
            "\(Self.list(spread[node, default: []].map { context.guests[$0].label })) on \(nodes[node].name)"
        }
        let sentence = "affinity group \(violation.name): \(names.joined(separator: ", "))"
        // Fewest guests to move first; among equals the one whose moves gain most.
        let candidates = violation.nodes.filter { isTarget[$0] }
            .sorted { spread[$0, default: []].count > spread[$1, default: []].count }
        var chosen: (planner: BatchPlanner, moves: Int, gain: Double)?
        for node in candidates {
            let moving = violation.guests.count - spread[node, default: []].count
            if let chosen, moving > chosen.moves { break }
            guard let trial = gathered(group, on: node, violation: violation, placement: placement, sentence: sentence)
            else { continue }
            let gain = trial.moves.dropFirst(moves.count).reduce(0) { $0 + $1.gain }
            if chosen.map({ gain > $0.gain }) ?? true { chosen = (trial, moving, gain) }
        }
        if let chosen { self = chosen.planner }
    }

    /// This planner with every bundle of the affinity group (`group`: its bundle indexes) moved
    /// onto `node` and the one already there held, or `nil` when a guest of the group cannot move
    /// or a move breaks a rule or bound.
    private func gathered(
        _ group: [Int], on node: Int, violation: PlacementViolation, placement: [Int?], sentence: String
    ) -> BatchPlanner? {
        let away = group.filter { bundles[$0].source != node && mayLeave($0) }
        let carried = Set(away.flatMap { bundles[$0].guests })
        guard violation.guests.allSatisfy({ placement[$0] == node || carried.contains($0) }),
            away.allSatisfy({ rule(bundles[$0], target: node) == nil })
        else { return nil }
        var trial = self
        for index in away {
            let bundle = bundles[index]
            guard trial.fitsCap(bundle), let side = trial.sourceSide(bundle, pressure: nil),
                let load = trial.state.loads[node]
            else { return nil }
            let evaluation = trial.evaluate(
                bundle, target: node, source: side, targetTotal: rules.total(node: load), strict: true,
                hottestCPU: trial.hottestCPU)
            guard evaluation.isFeasible else { return nil }
            trial.accept(index, evaluation, kind: .ruleRepair, pressure: nil, repair: sentence)
        }
        for index in group where bundles[index].source == node {
            trial.held[index] = true
        }
        return trial
    }

    /// "a, b and c".
    static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
