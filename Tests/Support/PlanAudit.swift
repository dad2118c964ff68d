import Contract
import ScoringEngine

/// Checks a plan against the hard rules on the facts it was made from: the moves are applied to
/// the snapshot's placement and every broken rule is listed as `rule: detail`.
///
/// Rules: `memory_gate` (a node that receives guests ends within `MemoryGate`), `anti_affinity`
/// (a moved guest never lands next to a guest sharing one of its `exclude_<group>` tags),
/// `affinity` (running `affinity_<group>` companions that shared a node still share one), `storage` (the
/// target has every storage of the guest), `guest_rule` (passthrough, ignore, HA, stopped,
/// templates, locks, unshared bind mounts: `GuestEligibility`), `target` (never onto an offline or
/// maintenance node), `duplicate` (a guest moves once).
public enum PlanAudit {
    public static func violations(_ plan: RecommendationSet, _ input: PlanInput) -> [String] {
        let snapshot = input.snapshot
        var problems: [String] = []
        var placement: [Int: String] = [:]
        var guests: [Int: GuestState] = [:]
        for guest in snapshot.guests {
            placement[guest.vmid] = guest.node
            guests[guest.vmid] = guest
        }
        var nodes: [String: NodeState] = [:]
        for node in snapshot.nodes { nodes[node.name] = node }
        var seen = Set<Int>()
        var arrivals: [String: [Int]] = [:]
        for move in plan.recommendations {
            guard let guest = guests[move.vmid], let target = nodes[move.target] else {
                problems.append("unknown: \(move.vmid) → \(move.target)")
                continue
            }
            if !seen.insert(move.vmid).inserted { problems.append("duplicate: \(move.vmid)") }
            if GuestEligibility.blocker(guest, evacuating: input.maintenance.contains(guest.node)) != nil {
                problems.append("guest_rule: \(move.vmid) may not move")
            }
            if input.maintenance.contains(move.target) || !target.isOnline {
                problems.append("target: \(move.vmid) → \(move.target)")
            }
            if !Set(guest.storages).isSubset(of: target.storages) { problems.append("storage: \(move.vmid) → \(move.target)") }
            placement[move.vmid] = move.target
            arrivals[move.target, default: []].append(move.vmid)
        }
        var byNode: [String: [GuestState]] = [:]
        for guest in snapshot.guests where Placement.occupies(template: guest.template) {
            byNode[placement[guest.vmid] ?? guest.node, default: []].append(guest)
        }
        for (name, arrived) in arrivals.sorted(by: { $0.key < $1.key }) {
            guard let node = nodes[name] else { continue }
            let here = byNode[name] ?? []
            let committed = MemoryGate.committedBytes(here.map { ($0.memoryMaxBytes, $0.template) })
            if !MemoryGate.fits(0, committedBytes: committed, totalBytes: node.memoryTotalBytes ?? 0) {
                problems.append("memory_gate: \(name) commits \(committed) of \(node.memoryTotalBytes ?? 0) bytes")
            }
            for vmid in arrived {
                guard let guest = guests[vmid] else { continue }
                let groups = Set(GuestTags(guest.tags).antiAffinity)
                let clash = here.contains { other in
                    other.vmid != vmid && !groups.isDisjoint(with: GuestTags(other.tags).antiAffinity)
                }
                if clash { problems.append("anti_affinity: \(vmid) on \(name)") }
            }
        }
        // Affinity: running companions that started on one node end on one node (stopped ones do
        // not hold the group, as the executor's check says).
        var companions: [String: Set<String>] = [:]
        for guest in snapshot.guests where guest.isRunning {
            guard let group = GuestTags(guest.tags).affinity else { continue }
            companions["\(guest.node)/\(group)", default: []].insert(placement[guest.vmid] ?? guest.node)
        }
        for (key, ends) in companions.sorted(by: { $0.key < $1.key }) where ends.count > 1 {
            problems.append("affinity: \(key) split over \(ends.sorted().joined(separator: ", "))")
        }
        return problems
    }
}
