import Contract

/// What the planner knows about one node besides its load: whether it may send or receive
/// guests, and why not.
struct PlanningNode: Sendable {
    let name: String
    let online: Bool
    let maintenance: Bool
    /// The scoring view; `nil` when the node's metrics are missing (then it is never a target).
    let load: NodeLoad?
    /// Why it could not be scored.
    let scoringProblem: String?
    let storages: Set<String>

    /// May receive guests.
    var isTarget: Bool { online && !maintenance && load != nil }

    /// Why `isTarget` is false, as a rule name and sentence.
    var targetBlocker: (rule: String, detail: String)? {
        if !online { return ("rule_offline", "\(name) is offline") }
        if maintenance { return ("rule_maintenance", "\(name) is in maintenance") }
        if let scoringProblem { return ("rule_no_metrics", "\(name) cannot be scored: \(scoringProblem)") }
        return nil
    }

    /// The planning view of every node of `input`'s snapshot, in snapshot order.
    static func nodes(of input: PlanInput) -> [PlanningNode] {
        let snapshot = input.snapshot
        return snapshot.nodes.map { node in
            var load: NodeLoad?
            var problem: String?
            if node.isOnline {
                do {
                    load = try NodeLoad(node, storages: snapshot.storages, trend: input.history[node.name])
                    load?.cpuBaseline = input.trends.nodes[node.name]?.cpu?.baseline
                } catch {
                    problem = "\(error)"
                }
            }
            return PlanningNode(
                name: node.name, online: node.isOnline, maintenance: input.maintenance.contains(node.name), load: load,
                scoringProblem: problem, storages: Set(node.storages))
        }
    }
}
