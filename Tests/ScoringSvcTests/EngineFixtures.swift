import Contract
import Foundation
import ScoringEngine
import ScoringSvc

/// Small hand-built clusters for engine tests.
enum Lab {
    static let gib: Int64 = 1_073_741_824
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A node at `cpu` % CPU and `memory` % memory (of `memoryGiB`), with 32 threads by default.
    static func node(
        _ name: String, cpu: Double, memory: Double, threads: Int = 32, memoryGiB: Int64 = 128, iowait: Double = 0,
        iowaitDay: Double? = nil, storages: [String] = ["ceph", "local-lvm"], status: String = "online"
    ) -> NodeState {
        let total = memoryGiB * gib
        var node = NodeState(
            name: name, status: status, cpuPct: cpu, iowaitPct: iowait, loadAverage: [0, 0, 0], cpuThreads: threads,
            memoryUsedBytes: Int64(Double(total) * memory / 100), memoryTotalBytes: total, memoryPct: memory,
            storages: storages)
        if let iowaitDay {
            node.history = NodeHistory(
                cpuPct: MetricHistory(), memoryPct: MetricHistory(),
                iowaitPct: MetricHistory(lastDay: WindowStats(avg: iowaitDay, max: iowaitDay, samples: 1440)),
                load1: MetricHistory())
        }
        return node
    }

    /// A running VM using `cores` host cores and `memoryGiB` of its `maxGiB`.
    static func guest(
        _ vmid: Int, on node: String, cores: Double = 2, memoryGiB: Double = 2, maxGiB: Int64 = 4,
        tags: [String] = [], type: GuestType = .qemu, status: String = "running", storages: [String] = ["ceph"],
        diskBps: Double = 0
    ) -> GuestState {
        GuestState(
            vmid: vmid, name: "g\(vmid)", type: type, node: node, status: status, vcpus: max(cores, 1),
            cpuPct: cores / max(cores, 1) * 100, memoryUsedBytes: Int64(memoryGiB * Double(gib)),
            memoryMaxBytes: maxGiB * gib, diskReadBps: diskBps, diskWriteBps: 0, tags: tags, storages: storages)
    }

    /// A quorate snapshot collected at `now`; committed memory and guest counts follow the guests.
    static func snapshot(_ nodes: [NodeState], _ guests: [GuestState], quorate: Bool = true, at: Date = now) -> ClusterSnapshot {
        let nodes = nodes.map { node -> NodeState in
            var node = node
            let here = guests.filter { $0.node == node.name }
            node.committedMemoryBytes = here.filter { !$0.template }.reduce(0) { $0 + $1.memoryMaxBytes }
            node.guestsRunning = here.filter { $0.status == "running" }.count
            node.guestsTotal = here.count
            return node
        }
        return ClusterSnapshot(
            cluster: "lab", collectedAt: at,
            collection: CollectionInfo(cycle: 7, durationMs: 5, intervalSeconds: 60, apiCalls: 10, errors: []),
            quorum: QuorumState(quorate: quorate, nodesOnline: nodes.count, nodesTotal: nodes.count),
            pveVersion: "8.4.14", nodes: nodes, guests: guests,
            storages: [
                StorageState(id: "ceph", shared: true, nodes: nodes.map(\.name)),
                StorageState(id: "local-lvm", shared: false, nodes: nodes.map(\.name)),
            ])
    }

    /// Plans `snapshot` at `now` with `settings` and `maintenance`.
    static func plan(
        _ snapshot: ClusterSnapshot, settings: ScoringSettings = ScoringSettings(), maintenance: Set<String> = []
    ) -> RecommendationSet {
        Planner.plan(PlanInput(snapshot: snapshot, maintenance: maintenance, settings: settings, now: now))
    }

    /// pve1 at 85 % CPU with six 4-core guests; pve2 and pve3 cool.
    static func hotCluster(extra: [GuestState] = [], pve1Guests: Int = 6) -> ClusterSnapshot {
        let guests =
            (0..<pve1Guests).map { guest(101 + $0, on: "pve1", cores: 4) }
            + [guest(201, on: "pve2", cores: 2), guest(301, on: "pve3", cores: 2)] + extra
        return snapshot(
            [node("pve1", cpu: 85, memory: 50), node("pve2", cpu: 20, memory: 40), node("pve3", cpu: 30, memory: 45)],
            guests)
    }
}

extension RecommendationSet {
    /// The skipped entry of `vmid`.
    func skip(_ vmid: Int) -> SkippedGuest? { skipped.first { $0.vmid == vmid } }
    /// The recommendation of `vmid`.
    func move(_ vmid: Int) -> Recommendation? { recommendations.first { $0.vmid == vmid } }
}
