import Contract
import ScoringEngine

/// The snapshot as it would be once a plan is carried out, predicted the way the planner predicts
/// (`NodeLoad.moving`): each moved guest takes its CPU cores, memory in use, committed memory and
/// disk I/O from its source to its target, history figures included.
public enum PlanApplication {
    public static func apply(_ plan: RecommendationSet, to snapshot: ClusterSnapshot) -> ClusterSnapshot {
        var result = snapshot
        var guestIndex: [Int: Int] = [:]
        for (index, guest) in snapshot.guests.enumerated() { guestIndex[guest.vmid] = index }
        var nodeIndex: [String: Int] = [:]
        for (index, node) in snapshot.nodes.enumerated() { nodeIndex[node.name] = index }
        for move in plan.recommendations {
            guard let g = guestIndex[move.vmid], let source = nodeIndex[move.source], let target = nodeIndex[move.target]
            else { continue }
            let guest = result.guests[g]
            shift(&result.nodes[source], guest, sign: -1)
            shift(&result.nodes[target], guest, sign: 1)
            result.guests[g].node = move.target
        }
        return result
    }

    static func shift(_ node: inout NodeState, _ guest: GuestState, sign: Double) {
        let threads = Double(node.cpuThreads ?? 1)
        let total = Double(node.memoryTotalBytes ?? 1)
        let cpu = sign * guest.cpuCores * 100 / threads
        let memory = sign * Double(guest.memoryUsedBytes) * 100 / total
        let iowait = sign * GuestLoad(guest).iowaitImpactPct
        func bounded(_ value: Double) -> Double { min(100, max(0, value)) }
        node.cpuPct = node.cpuPct.map { bounded($0 + cpu) }
        node.memoryUsedBytes = node.memoryUsedBytes.map { max(0, $0 + Int64(sign) * guest.memoryUsedBytes) }
        node.memoryPct = node.memoryPct.map { bounded($0 + memory) }
        node.iowaitPct = node.iowaitPct.map { bounded($0 + iowait) }
        if !guest.template { node.committedMemoryBytes = max(0, node.committedMemoryBytes + Int64(sign) * guest.memoryMaxBytes) }
        node.guestsRunning += guest.isRunning ? Int(sign) : 0
        node.guestsTotal += Int(sign)
        func moved(_ history: MetricHistory, _ delta: Double) -> MetricHistory {
            func window(_ stats: WindowStats?) -> WindowStats? {
                stats.map { WindowStats(avg: bounded($0.avg + delta), max: bounded($0.max + delta), samples: $0.samples) }
            }
            return MetricHistory(lastHour: window(history.lastHour), lastDay: window(history.lastDay), lastWeek: window(history.lastWeek))
        }
        if var history = node.history {
            history.cpuPct = moved(history.cpuPct, cpu)
            history.memoryPct = moved(history.memoryPct, memory)
            history.iowaitPct = moved(history.iowaitPct, iowait)
            node.history = history
        }
    }
}
