import Contract
import ScoringEngine

/// A reference for capped plans: the max CPU a plain greedy reaches with the same number of
/// moves. Each step takes the hottest node and sends its guest with the most CPU, of those the
/// uncapped plan moves (so eligible ones), to the coolest other online node holding its
/// storages. It ignores memory, anti-affinity and the other rules, so it is optimistic: a
/// planner within a few points of it is close to the best reachable with that many moves.
enum PeakReference {
    /// Max CPU % after `moves` greedy moves of guests `movable` (vmids) in `snapshot`.
    static func maxCPU(_ snapshot: ClusterSnapshot, movable: Set<Int>, moves: Int) -> Double {
        let online = snapshot.nodes.filter { $0.isOnline && $0.cpuPct != nil && ($0.cpuThreads ?? 0) > 0 }
        var cpu = online.map { $0.cpuPct ?? 0 }
        let threads = online.map { Double($0.cpuThreads ?? 1) }
        let index = Dictionary(uniqueKeysWithValues: online.enumerated().map { ($1.name, $0) })
        var guests = online.map { _ in [(cores: Double, storages: Set<String>)]() }
        for guest in snapshot.guests where movable.contains(guest.vmid) {
            guard let node = index[guest.node] else { continue }
            guests[node].append((GuestLoad(guest).cpuCores, Set(guest.storages)))
        }
        for node in guests.indices { guests[node].sort { $0.cores > $1.cores } }
        for _ in 0..<moves {
            guard let hottest = cpu.indices.max(by: { cpu[$0] < cpu[$1] }), !guests[hottest].isEmpty else { break }
            let guest = guests[hottest].removeFirst()
            let fits = cpu.indices.filter { $0 != hottest && guest.storages.isSubset(of: online[$0].storages) }
            guard let target = fits.min(by: { cpu[$0] < cpu[$1] }) else { continue }
            cpu[hottest] -= guest.cores * 100 / threads[hottest]
            cpu[target] += guest.cores * 100 / threads[target]
        }
        return cpu.max() ?? 0
    }
}
