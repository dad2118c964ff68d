/// The predicted cluster while a plan is built: every accepted move updates its source and
/// target before the next one is considered.
struct PlanState: Sendable {
    /// Current predicted load by node index (`nil` for nodes that cannot be scored).
    private(set) var loads: [NodeLoad?]
    /// Bumped whenever a node's load changes, so cached evaluations can tell they are stale.
    private(set) var versions: [Int]
    /// Running guests per node.
    private(set) var running: [Int]
    /// Guests per anti-affinity group id and node index.
    private var antiAffinityHosts: [[Int]]

    init(nodes: [PlanningNode], runningGuests: [Int], groups: Int, antiAffinity: [(group: Int, node: Int)]) {
        loads = nodes.map(\.load)
        versions = Array(repeating: 0, count: nodes.count)
        running = runningGuests
        antiAffinityHosts = Array(repeating: Array(repeating: 0, count: nodes.count), count: groups)
        for entry in antiAffinity { antiAffinityHosts[entry.group][entry.node] += 1 }
    }

    /// Whether node `node` hosts a guest of anti-affinity group `group`.
    func hosts(antiAffinity group: Int, on node: Int) -> Bool { antiAffinityHosts[group][node] > 0 }

    /// How many guests of anti-affinity group `group` node `node` hosts.
    func count(antiAffinity group: Int, on node: Int) -> Int { antiAffinityHosts[group][node] }

    /// Applies one move.
    mutating func apply(_ bundle: MoveBundle, to target: Int) {
        let source = bundle.source
        loads[source] = loads[source]?.moving(bundle.load, arriving: false)
        loads[target] = loads[target]?.moving(bundle.load, arriving: true)
        versions[source] += 1
        versions[target] += 1
        running[source] -= bundle.running
        running[target] += bundle.running
        for group in bundle.antiAffinity {
            antiAffinityHosts[group][source] -= 1
            antiAffinityHosts[group][target] += 1
        }
    }
}
