import Contract
import ScoringEngine

/// A reference for capped plans: the max CPU a plain greedy reaches with the same number of
/// moves. Each step takes the hottest node and sends its guest with the most CPU, of those the
/// uncapped plan moves (so eligible ones), to the coolest other online node holding its
/// storages, when it ends there below the hottest node's CPU (else that guest stays). It ignores memory, anti-affinity and the other rules, so it is optimistic: a
/// planner within a few points of it is close to the best reachable with that many moves.
///
/// The memory-aware variant (`memoryAware`) keeps the memory rules a capped plan must keep:
/// first, as the planner does, while a node is at or above `MemoryGate.usablePercent` of its
/// memory (an out-of-memory risk) and further beyond the memory floor than beyond the CPU
/// threshold, it sends its guest using the most memory away; and every guest goes only to a node
/// that stays under the planner's memory ceiling (a target above it would become a memory source
/// itself). A capped plan can neither spend those moves on the CPU peak nor fill memory-bound
/// targets, so this is the fair "best with the same moves"; the CPU-only figure is reported
/// beside it.
enum PeakReference {
    /// The planner's default memory ceiling for targets (the lower of the memory threshold and
    /// the migration floor), memory floor and CPU threshold.
    static let memoryCeiling = min(PenaltyConfiguration().memThreshold, PenaltyConfiguration().sourceMemMigrationFloor)
    static let memoryFloor = PenaltyConfiguration().sourceMemMigrationFloor
    static let cpuThreshold = PenaltyConfiguration().cpuThreshold

    struct Guest {
        var cores: Double
        var memory: Double
        var storages: Set<String>
    }

    /// Max CPU % after `moves` greedy moves of guests `movable` (vmids) in `snapshot`.
    static func maxCPU(_ snapshot: ClusterSnapshot, movable: Set<Int>, moves: Int, memoryAware: Bool = false) -> Double {
        let online = snapshot.nodes.filter { $0.isOnline && $0.cpuPct != nil && ($0.cpuThreads ?? 0) > 0 }
        var cpu = online.map { $0.cpuPct ?? 0 }
        let threads = online.map { Double($0.cpuThreads ?? 1) }
        let totals = online.map { Double(max(1, $0.memoryTotalBytes ?? 1)) }
        var memory = online.map { Double($0.memoryUsedBytes ?? 0) }
        let index = Dictionary(uniqueKeysWithValues: online.enumerated().map { ($1.name, $0) })
        var guests = online.map { _ in [Guest]() }
        for guest in snapshot.guests where movable.contains(guest.vmid) {
            guard let node = index[guest.node] else { continue }
            let load = GuestLoad(guest)
            guests[node].append(Guest(cores: load.cpuCores, memory: Double(load.memoryUsedBytes), storages: Set(guest.storages)))
        }
        for node in guests.indices { guests[node].sort { $0.cores > $1.cores } }
        func memoryPct(_ node: Int) -> Double { memory[node] * 100 / totals[node] }
        func isEmergency(_ node: Int) -> Bool {
            memoryPct(node) >= MemoryGate.usablePercent && memoryPct(node) - memoryFloor >= cpu[node] - cpuThreshold
                && !guests[node].isEmpty
        }
        for _ in 0..<moves {
            let emergency = memoryAware ? cpu.indices.filter(isEmergency).max { memoryPct($0) < memoryPct($1) } : nil
            let source: Int
            let position: Int
            if let emergency {
                source = emergency
                position = guests[source].indices.max { guests[source][$0].memory < guests[source][$1].memory } ?? 0
            } else {
                guard let hottest = cpu.indices.max(by: { cpu[$0] < cpu[$1] }), !guests[hottest].isEmpty else { break }
                source = hottest
                position = 0
            }
            let guest = guests[source].remove(at: position)
            let fits = cpu.indices.filter { $0 != source && guest.storages.isSubset(of: online[$0].storages) }
            let roomy = fits.filter { (memory[$0] + guest.memory) * 100 / totals[$0] <= memoryCeiling }
            guard let target = (memoryAware ? roomy : fits).min(by: { cpu[$0] < cpu[$1] }),
                cpu[target] + guest.cores * 100 / threads[target] < cpu[source]
            else { continue }
            cpu[source] -= guest.cores * 100 / threads[source]
            cpu[target] += guest.cores * 100 / threads[target]
            memory[source] -= guest.memory
            memory[target] += guest.memory
        }
        return cpu.max() ?? 0
    }
}
