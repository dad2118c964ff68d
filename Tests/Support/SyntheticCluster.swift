import Contract
import Foundation
import PVESimulator

/// Random but reproducible cluster snapshots for property tests and benchmarks: nodes of mixed
/// sizes with skewed load (a few hot, a few idle), guests with tags, HA, passthrough, bind
/// mounts, local and shared storages, and 24 h / 7 d history.
public enum SyntheticCluster {
    /// A snapshot of `nodes` nodes and `guests` guests from `seed`, collected at `at`.
    public static func snapshot(nodes nodeCount: Int, guests guestCount: Int, seed: UInt64, at: Date = Date()) -> ClusterSnapshot {
        var random = SplitMix64(seed: seed)
        let gib: Int64 = 1_073_741_824
        var nodes: [NodeState] = (0..<nodeCount).map { index in
            let threads = [16, 32, 48, 64][random.int(4)]
            let memory = Int64([64, 128, 256, 512][random.int(4)]) * gib
            return NodeState(
                name: "pve\(index + 1)", status: "online", cpuThreads: threads, cpuCores: threads / 2,
                memoryTotalBytes: memory, storages: ["local", "local-lvm", "ceph"])
        }
        // Skew: each node gets a weight; hot nodes attract more guests.
        let weights = (0..<nodeCount).map { _ in 0.3 + random.unit() * random.unit() * 3 }
        let totalWeight = weights.reduce(0, +)
        // Scale guest load so the cluster as a whole runs at about half its CPU and memory, as
        // real clusters do, whatever the guest count: the skew then makes some nodes hot.
        let threadsTotal = nodes.reduce(0.0) { $0 + Double($1.cpuThreads ?? 0) }
        let memoryTotal = nodes.reduce(0.0) { $0 + Double($1.memoryTotalBytes ?? 0) }
        let cpuScale = min(1, 0.5 * threadsTotal / (Double(guestCount) * 0.75))
        let memoryScale = min(1, 0.55 * memoryTotal / (Double(guestCount) * 4.4 * Double(gib)))
        var guests: [GuestState] = []
        for index in 0..<guestCount {
            var pick = random.unit() * totalWeight
            var node = 0
            while node < nodeCount - 1 && pick > weights[node] {
                pick -= weights[node]
                node += 1
            }
            let vcpus = Double([1, 1, 2, 2, 4, 8][random.int(6)])
            let memoryMax = max(gib / 4, Int64(Double([1, 2, 2, 4, 8, 16][random.int(6)] * gib) * memoryScale))
            let isCT = random.unit() < 0.3
            var tags: [String] = []
            if random.unit() < 0.02 { tags.append("ignore") }
            if random.unit() < 0.05 { tags.append("exclude_db\(random.int(3))") }
            if random.unit() < 0.03 { tags.append("affinity_app\(random.int(4))") }
            let running = random.unit() > 0.08
            let local = random.unit() < 0.15
            guests.append(
                GuestState(
                    vmid: 100 + index, name: "guest-\(index)", type: isCT ? .lxc : .qemu, node: nodes[node].name,
                    status: running ? "running" : "stopped", vcpus: vcpus,
                    cpuPct: running ? min(100, (random.unit() * random.unit() * 90 + 2) * cpuScale) : 0,
                    memoryUsedBytes: running ? Int64(Double(memoryMax) * (0.3 + random.unit() * 0.6)) : 0,
                    memoryMaxBytes: memoryMax, diskReadBps: random.unit() * 4_000_000,
                    diskWriteBps: random.unit() * 3_000_000, netInBps: random.unit() * 2_000_000,
                    netOutBps: random.unit() * 2_000_000, tags: tags,
                    ha: random.unit() < 0.03 ? HAState(state: "started") : nil,
                    storages: [local ? "local-lvm" : "ceph"],
                    passthrough: !isCT && random.unit() < 0.01 ? ["hostpci0"] : [],
                    bindMounts: isCT && random.unit() < 0.05
                        ? [BindMount(key: "mp0", source: "/srv/data", shared: random.unit() < 0.5)] : []))
        }
        // Node load follows from its guests (plus host overhead), history around it.
        for index in nodes.indices {
            let here = guests.filter { $0.node == nodes[index].name && $0.status == "running" }
            let threads = Double(nodes[index].cpuThreads ?? 1)
            let total = nodes[index].memoryTotalBytes ?? gib
            let cpu = min(100, here.reduce(0) { $0 + $1.cpuCores } / threads * 100 + 2)
            let used = min(total, here.reduce(Int64(4 * gib)) { $0 + $1.memoryUsedBytes })
            let memoryPct = Double(used) / Double(total) * 100
            let iowait = random.unit() < 0.1 ? 10 + random.unit() * 30 : random.unit() * 5
            nodes[index].cpuPct = cpu
            nodes[index].memoryUsedBytes = used
            nodes[index].memoryPct = memoryPct
            nodes[index].iowaitPct = iowait
            nodes[index].loadAverage = [cpu / 100 * threads, cpu / 100 * threads, cpu / 100 * threads]
            nodes[index].committedMemoryBytes = guests.filter { $0.node == nodes[index].name }
                .reduce(0) { $0 + $1.memoryMaxBytes }
            nodes[index].overcommitRatio = Double(nodes[index].committedMemoryBytes) / Double(total)
            nodes[index].guestsRunning = here.count
            nodes[index].guestsTotal = guests.filter { $0.node == nodes[index].name }.count
            func window(_ value: Double) -> MetricHistory {
                MetricHistory(
                    lastHour: WindowStats(avg: value, max: min(100, value * 1.1), samples: 60),
                    lastDay: WindowStats(avg: value * (0.85 + random.unit() * 0.2), max: min(100, value * 1.25), samples: 1440),
                    lastWeek: WindowStats(avg: value * (0.8 + random.unit() * 0.25), max: min(100, value * 1.35), samples: 10080))
            }
            nodes[index].history = NodeHistory(
                cpuPct: window(cpu), memoryPct: window(memoryPct), iowaitPct: window(iowait), load1: window(cpu))
        }
        return ClusterSnapshot(
            cluster: "synthetic", collectedAt: at,
            collection: CollectionInfo(cycle: 1, durationMs: 0, intervalSeconds: 60, apiCalls: 0, errors: []),
            quorum: QuorumState(quorate: true, nodesOnline: nodeCount, nodesTotal: nodeCount), pveVersion: "8.4.14",
            nodes: nodes, guests: guests,
            storages: [
                StorageState(id: "ceph", type: "rbd", shared: true, content: ["images"], nodes: nodes.map(\.name)),
                StorageState(id: "local-lvm", type: "lvmthin", shared: false, content: ["images"], nodes: nodes.map(\.name)),
            ])
    }
}
