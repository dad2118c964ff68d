import Contract

/// The summary's `rule_violations`: each rule broken before the plan, and whether the plan repairs it.
enum RuleViolationReport {
    static func violations(_ planner: BatchPlanner, context: PlanningContext) -> [RuleViolation] {
        let found = PlacementRules.violations(context, placement: PlacementRules.initialPlacement(context))
        let left = Set(
            PlacementRules.violations(context, placement: PlacementRules.placement(context, after: planner.moves)).map(\.key))
        return found.map { violation in
            let repaired = !left.contains(violation.key)
            let names = violation.nodes.map { context.nodes[$0].name }
            let guests = BatchPlanner.list(violation.guests.map { context.guests[$0].label })
            let what =
                violation.rule == .antiAffinity
                ? "\(guests) share \(names[0]) though tagged \(violation.group)"
                : "\(guests), tagged \(violation.group), run on \(BatchPlanner.list(names))"
            let outcome =
                repaired
                ? "the plan repairs it" : "no move repairs it: no target passes every rule and bound of a relief move"
            return RuleViolation(
                rule: violation.rule.rawValue, group: violation.name, nodes: names,
                vmids: violation.guests.map { context.guests[$0].vmid }.sorted(), repaired: repaired,
                detail: "\(what); \(outcome)")
        }
    }
}
