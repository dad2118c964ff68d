import Contract

/// One broken placement rule: guests of one `exclude_<group>` sharing a node, or the running
/// guests of one `affinity_<group>` split across nodes.
struct PlacementViolation: Sendable, Hashable {
    enum Rule: String, Sendable {
        case antiAffinity = "anti_affinity"
        case affinity
    }

    let rule: Rule
    /// The tag: `exclude_<group>` or `affinity_<group>`.
    let group: String
    /// Node indexes: the shared node (anti-affinity) or every node holding the group (affinity), ascending.
    let nodes: [Int]
    /// Guest indexes involved, ascending.
    let guests: [Int]

    /// The group without its tag prefix.
    var name: String { String(group.drop { $0 != "_" }.dropFirst()) }

    /// What identifies the violation whatever the guests: rule, group and (for anti-affinity) node.
    var key: String { rule == .affinity ? "\(rule.rawValue)\u{0}\(group)" : "\(rule.rawValue)\u{0}\(group)\u{0}\(nodes)" }
}

/// The anti-affinity and affinity rules a placement breaks (pure: guests, tags, placement).
enum PlacementRules {
    /// The violations when guest `i` is on node `placement[i]` (`nil`: not on a known node).
    /// Anti-affinity counts every guest that holds a place (running or stopped, templates
    /// excluded); affinity counts running guests.
    static func violations(_ context: PlanningContext, placement: [Int?]) -> [PlacementViolation] {
        var shared: [String: [Int: [Int]]] = [:]
        var together: [String: [Int: [Int]]] = [:]
        for (index, guest) in context.guests.enumerated() where Placement.occupies(template: guest.template) {
            guard let node = placement[index] else { continue }
            for group in context.tags[index].antiAffinity { shared[group, default: [:]][node, default: []].append(index) }
            if guest.isRunning, let group = context.tags[index].affinity {
                together[group, default: [:]][node, default: []].append(index)
            }
        }
        var result: [PlacementViolation] = []
        for group in shared.keys.sorted() {
            for (node, guests) in shared[group]!.sorted(by: { $0.key < $1.key }) where guests.count > 1 {
                result.append(PlacementViolation(rule: .antiAffinity, group: group, nodes: [node], guests: guests.sorted()))
            }
        }
        for group in together.keys.sorted() where together[group]!.count > 1 {
            let byNode = together[group]!
            result.append(
                PlacementViolation(
                    rule: .affinity, group: group, nodes: byNode.keys.sorted(), guests: byNode.values.flatMap { $0 }.sorted()))
        }
        return result
    }

    /// Where each guest is at the start: its snapshot node.
    static func initialPlacement(_ context: PlanningContext) -> [Int?] {
        context.guests.map { context.nodeIndex[$0.node] }
    }

    /// Where each guest is once `moves` are done.
    static func placement(_ context: PlanningContext, after moves: [PlannedMove]) -> [Int?] {
        var placement = initialPlacement(context)
        for move in moves {
            for guest in context.bundles[move.bundle].guests { placement[guest] = move.target }
        }
        return placement
    }
}
