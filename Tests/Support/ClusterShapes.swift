import Contract
import Foundation
import PVESimulator

/// Seeded cluster generators of the shapes the planner must handle (issue 13): pure functions of
/// (shape, nodes, guests, seed), shared by the property tests and `pb-bench --only planning`.
///
/// Every shape has a few hot nodes (about a quarter, at least one) and cooler ones, with the
/// cluster's mean CPU under the 60 % threshold so a placement with every node relieved usually
/// exists. Node loads follow from their guests (plus a little host overhead) and carry no history,
/// so the time-weighted CPU is the current one. About 2 % of the guests may not move (`ignore`
/// tag or a passthrough device).
public enum ClusterShape: String, CaseIterable, Sendable {
    /// Equal nodes, guests of similar size.
    case homogeneous
    /// Each node's load is mostly three large guests, the rest small ones.
    case fewLarge = "few_large"
    /// Hot nodes run 300+ guests of ~0.3 % of the node each (the guest count grows to allow it).
    case manySmall = "many_small"
    /// Some nodes memory-bound at low CPU (memory-heavy idle guests), some CPU-bound with
    /// memory-light busy guests.
    case memoryBound = "memory_bound"
    /// Nodes from 8 to 128 threads and 32 GiB to 1 TiB.
    case mixedSizes = "mixed_sizes"
    /// 40 % of the guests in `exclude_<group>` groups spanning half the nodes.
    case antiAffinity = "anti_affinity"
    /// Islands of up to four nodes, each with its own storage: guests move only within theirs.
    case storageIslands = "storage_islands"

    /// The snapshot of this shape with `nodes` nodes and about `guests` guests from `seed`.
    public func snapshot(nodes nodeCount: Int, guests guestCount: Int, seed: UInt64, at: Date = Date()) -> ClusterSnapshot {
        var builder = ShapeBuilder(shape: self, nodes: max(2, nodeCount), guests: max(1, guestCount), seed: seed)
        return builder.snapshot(at: at)
    }
}

/// Builds one shape: node capacities and target loads first, then guests whose loads add up to them.
private struct ShapeBuilder {
    static let gib: Int64 = 1_073_741_824

    let shape: ClusterShape
    let nodeCount: Int
    var guestCount: Int
    var random: SplitMix64
    /// Indexes of the hot nodes.
    let hot: Set<Int>

    init(shape: ClusterShape, nodes: Int, guests: Int, seed: UInt64) {
        self.shape = shape
        nodeCount = nodes
        random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(ClusterShape.allCases.firstIndex(of: shape) ?? 0))
        let hotCount = max(1, nodes / 4)
        var picked = Set<Int>()
        while picked.count < hotCount { picked.insert(random.int(nodes)) }
        hot = picked
        guestCount = shape == .manySmall ? max(guests, hotCount * 320 + (nodes - hotCount) * 12) : guests
    }

    struct NodePlan {
        var threads: Int
        var memoryGiB: Int64
        var cpuPct: Double
        var memoryPct: Double
        var storages: [String]
        var guests: Int
    }

    mutating func snapshot(at: Date) -> ClusterSnapshot {
        var plans = (0..<nodeCount).map { nodePlan($0) }
        distributeGuests(&plans)
        var guests: [GuestState] = []
        var groupMembers: [Int: Set<Int>] = [:]
        for (index, plan) in plans.enumerated() {
            guests += makeGuests(node: index, plan: plan, firstVMID: 100 + guests.count, groups: &groupMembers)
        }
        var nodes: [NodeState] = []
        for (index, plan) in plans.enumerated() {
            let name = Self.name(index)
            let here = guests.filter { $0.node == name }
            let running = here.filter(\.isRunning)
            let threads = Double(plan.threads)
            let total = plan.memoryGiB * Self.gib
            let cpu = min(100, running.reduce(0) { $0 + $1.cpuCores } / threads * 100 + 1)
            let used = min(total, running.reduce(2 * Self.gib) { $0 + $1.memoryUsedBytes })
            let committed = here.filter { !$0.template }.reduce(Int64(0)) { $0 + $1.memoryMaxBytes }
            nodes.append(
                NodeState(
                    name: name, status: "online", cpuPct: cpu, iowaitPct: 1, loadAverage: [cpu / 100 * threads, 0, 0],
                    cpuThreads: plan.threads, cpuCores: plan.threads / 2, memoryUsedBytes: used, memoryTotalBytes: total,
                    memoryPct: Double(used) / Double(total) * 100, committedMemoryBytes: committed,
                    overcommitRatio: Double(committed) / Double(total), guestCpuCores: running.reduce(0) { $0 + $1.cpuCores },
                    guestsRunning: running.count, guestsTotal: here.count, storages: plan.storages))
        }
        var storages = [StorageState(id: "ceph", type: "rbd", shared: true, content: ["images"], nodes: nodes.map(\.name))]
        if shape == .storageIslands {
            for island in 0..<islands {
                let members = nodes.indices.filter { $0 % islands == island }.map { Self.name($0) }
                storages.append(StorageState(id: "island\(island)", type: "zfspool", shared: false, content: ["images"], nodes: members))
            }
        }
        return ClusterSnapshot(
            cluster: "shape-\(shape.rawValue)", collectedAt: at,
            collection: CollectionInfo(cycle: 1, durationMs: 0, intervalSeconds: 60, apiCalls: 0, errors: []),
            quorum: QuorumState(quorate: true, nodesOnline: nodeCount, nodesTotal: nodeCount), pveVersion: "8.4.14",
            nodes: nodes, guests: guests, storages: storages)
    }

    static func name(_ index: Int) -> String { "pve\(index + 1)" }

    /// Storage islands: up to four nodes each, at least two islands.
    var islands: Int { max(2, (nodeCount + 3) / 4) }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + random.unit() * (range.upperBound - range.lowerBound)
    }

    mutating func nodePlan(_ index: Int) -> NodePlan {
        let isHot = hot.contains(index)
        var plan = NodePlan(
            threads: 32, memoryGiB: 256, cpuPct: isHot ? uniform(76...90) : uniform(28...44),
            memoryPct: uniform(35...55), storages: ["local", "ceph"], guests: 0)
        switch shape {
        case .homogeneous, .fewLarge, .antiAffinity: break
        case .manySmall:
            plan.threads = 64
            plan.cpuPct = isHot ? uniform(85...91) : uniform(25...40)
        case .memoryBound:
            // A quarter CPU-hot (the hot set), a quarter memory-bound at low CPU, the rest warm.
            if !isHot, index % 2 == 0 {
                plan.cpuPct = uniform(5...10)
                plan.memoryPct = uniform(74...84)
            } else if !isHot {
                plan.cpuPct = uniform(40...50)
                plan.memoryPct = uniform(35...50)
            } else {
                plan.memoryPct = uniform(30...45)
            }
        case .mixedSizes:
            plan.threads = [8, 16, 32, 64, 128][random.int(5)]
            plan.memoryGiB = [32, 64, 128, 256, 512, 1024][random.int(6)]
        case .storageIslands:
            plan.storages = ["local", "island\(index % islands)"]
        }
        return plan
    }

    /// Guest counts per node: hot nodes of the many-small shape get 320+, others share the rest
    /// in proportion to their load.
    mutating func distributeGuests(_ plans: inout [NodePlan]) {
        if shape == .manySmall {
            let cool = plans.indices.filter { !hot.contains($0) }
            var left = guestCount
            for index in plans.indices where hot.contains(index) {
                plans[index].guests = 320
                left -= 320
            }
            for (position, index) in cool.enumerated() {
                plans[index].guests = left / cool.count + (position < left % cool.count ? 1 : 0)
            }
            return
        }
        let weights = plans.map { ($0.cpuPct + $0.memoryPct / 2) * Double($0.threads) * uniform(0.8...1.2) + 1 }
        let total = weights.reduce(0, +)
        var assigned = 0
        for index in plans.indices {
            plans[index].guests = max(1, Int(Double(guestCount) * weights[index] / total))
            assigned += plans[index].guests
        }
        var index = 0
        while assigned < guestCount {
            plans[index % plans.count].guests += 1
            assigned += 1
            index += 1
        }
    }

    /// The guests of one node, their CPU and memory adding up to the node's planned load.
    mutating func makeGuests(node: Int, plan: NodePlan, firstVMID: Int, groups: inout [Int: Set<Int>]) -> [GuestState] {
        let count = plan.guests
        guard count > 0 else { return [] }
        let cores = max(0, plan.cpuPct - 1) / 100 * Double(plan.threads)
        let memory = max(0, plan.memoryPct / 100 * Double(plan.memoryGiB * Self.gib) - Double(2 * Self.gib))
        // Shares of the node's load per guest.
        var cpuShares = (0..<count).map { _ in uniform(0.5...1.5) }
        var memoryShares = (0..<count).map { _ in uniform(0.5...1.5) }
        if shape == .fewLarge {
            for position in 0..<count {
                let large = position < min(3, count)
                cpuShares[position] = large ? uniform(0.8...1.2) : uniform(0.5...1.5) * 0.3 / Double(max(1, count - 3))
                memoryShares[position] = large ? uniform(0.8...1.2) : uniform(0.5...1.5) * 0.3 / Double(max(1, count - 3))
            }
        }
        if shape == .memoryBound {
            // The hot node's busy guests use little memory; the memory-bound node's idle guests much.
            for position in 0..<count {
                let heavy = random.unit() < 0.3
                cpuShares[position] = heavy ? uniform(1.5...3) : uniform(0.2...0.6)
                memoryShares[position] = heavy ? uniform(0.2...0.5) : uniform(1...2)
            }
        }
        let cpuTotal = cpuShares.reduce(0, +)
        let memoryTotal = memoryShares.reduce(0, +)
        var guests: [GuestState] = []
        let nodeName = Self.name(node)
        let groupCount = max(1, Int(Double(guestCount) * 0.4 / Double(max(1, nodeCount / 2))))
        for position in 0..<count {
            let vmid = firstVMID + position
            let guestCores = cores * cpuShares[position] / cpuTotal
            let used = memory * memoryShares[position] / memoryTotal
            let maxBytes = max(Self.gib / 4, Int64(used / uniform(0.55...0.9)))
            let vcpus = max(1, (guestCores * 1.6).rounded(.up))
            var tags: [String] = []
            var passthrough: [String] = []
            let pin = random.unit()
            if pin < 0.01 { tags.append("ignore") } else if pin < 0.02 { passthrough = ["hostpci0"] }
            if shape == .antiAffinity, random.unit() < 0.4 {
                // Each group has at most one member per node, so the start is clean.
                let start = random.int(groupCount)
                for step in 0..<groupCount {
                    let group = (start + step) % groupCount
                    if !(groups[group]?.contains(node) ?? false) {
                        groups[group, default: []].insert(node)
                        tags.append("exclude_g\(group)")
                        break
                    }
                }
            }
            let storage = shape == .storageIslands ? "island\(node % islands)" : "ceph"
            guests.append(
                GuestState(
                    vmid: vmid, name: "\(shape.rawValue)-\(vmid)", type: random.unit() < 0.3 ? .lxc : .qemu, node: nodeName,
                    status: "running", vcpus: vcpus, cpuPct: min(100, guestCores / vcpus * 100),
                    memoryUsedBytes: Int64(used), memoryMaxBytes: maxBytes, diskReadBps: uniform(0...2_000_000),
                    diskWriteBps: uniform(0...1_000_000), tags: tags, storages: [storage], passthrough: passthrough))
        }
        return guests
    }
}
