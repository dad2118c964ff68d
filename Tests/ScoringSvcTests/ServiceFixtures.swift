import Contract
import Foundation
import MQTT
import ScoringSvc
import ServiceRuntime
import Synchronization

/// Hand-built contract values for the service, report and integration tests.
enum ServiceFixtures {
    static let cluster = "lab"
    static let gib: Int64 = 1 << 30

    /// A three-node snapshot (`pve1` busy) with a VM and a container on `pve1`, a stopped VM on
    /// `pve2` and a template on `pve3`, collected at `at` every 60 s.
    static func snapshot(at: Date = Date(), cycle: Int = 1, haMaintenance: Set<String> = []) -> ClusterSnapshot {
        let nodes = [("pve1", 82.0, 71.0), ("pve2", 21.0, 35.0), ("pve3", 18.0, 30.0)].map { name, cpu, memory in
            NodeState(
                name: name, status: "online", haMaintenance: haMaintenance.contains(name), cpuPct: cpu, iowaitPct: 1.5,
                loadAverage: [2, 2, 2], cpuThreads: 16, cpuCores: 8, memoryUsedBytes: Int64(memory / 100 * 64) * gib,
                memoryTotalBytes: 64 * gib, memoryPct: memory, committedMemoryBytes: 16 * gib, overcommitRatio: 0.25,
                guestCpuCores: 4, guestsRunning: 2, guestsTotal: 2, storages: ["local", "nfs"])
        }
        let guests = [
            GuestState(
                vmid: 101, name: "web", type: .qemu, node: "pve1", status: "running", vcpus: 4, cpuPct: 60,
                memoryUsedBytes: 4 * gib, memoryMaxBytes: 8 * gib, storages: ["nfs"]),
            GuestState(
                vmid: 111, name: "syncthing", type: .lxc, node: "pve1", status: "running", vcpus: 2, cpuPct: 10,
                memoryUsedBytes: gib, memoryMaxBytes: 2 * gib, storages: ["nfs"]),
            GuestState(
                vmid: 102, name: "backup", type: .qemu, node: "pve2", status: "stopped", vcpus: 2, cpuPct: 0,
                memoryUsedBytes: 0, memoryMaxBytes: 4 * gib, storages: ["nfs"]),
            GuestState(
                vmid: 900, name: "debian-tpl", type: .qemu, node: "pve3", status: "stopped", template: true, vcpus: 1,
                cpuPct: 0, memoryUsedBytes: 0, memoryMaxBytes: gib),
        ]
        return ClusterSnapshot(
            cluster: cluster, collectedAt: at,
            collection: CollectionInfo(cycle: cycle, durationMs: 40, intervalSeconds: 60, apiCalls: 12, errors: []),
            quorum: QuorumState(quorate: true, nodesOnline: 3, nodesTotal: 3), pveVersion: "8.4.14", nodes: nodes,
            guests: guests, storages: [StorageState(id: "nfs", type: "nfs", shared: true, nodes: ["pve1", "pve2", "pve3"])])
    }

    static func score(_ node: String, total: Double = 30) -> ScoreBreakdown {
        ScoreBreakdown(
            node: node, total: total, suitability: 100 - total, cpuPct: 50, memoryPct: 50, iowaitPct: 1, health: 30,
            predictedHealth: 30, headroom: 50, penalties: [], penaltyTotal: 0, cpuStabilityFactor: 1, memoryScale: 1)
    }

    /// A move of `vmid` from `source` to `target`.
    static func move(
        _ vmid: Int, name: String? = "web", type: GuestType = .qemu, from source: String = "pve1", to target: String = "pve2",
        step: Int = 1, urgency: Urgency = .medium, confidence: Double = 70, summary: String = "pve1 has high CPU (82 %)"
    ) -> Recommendation {
        Recommendation(
            id: "\(vmid):\(source):\(target)", step: step, dependsOn: [], vmid: vmid, name: name, type: type, source: source,
            target: target, kind: .overloadRelief, urgency: urgency, scoreImprovement: 22.3, balanceGain: 10,
            reason: MigrationReason(
                primaryReason: "cpu_overload", primaryLabel: "High CPU on source node", contributingFactors: [], summary: summary),
            confidence: confidence,
            confidenceFactors: ConfidenceFactors(improvement: 70, targetHeadroom: 70, complexity: 70, targetStability: 70, history: 65),
            risk: MigrationRisk(score: 20, level: "low", factors: [:], notes: []), sourceBefore: score(source),
            sourceAfter: score(source), targetBefore: score(target), targetAfter: score(target),
            mode: type == .lxc ? .restart : .online,
            command: "\(type == .lxc ? "pct" : "qm") migrate \(vmid) \(target)\(type == .lxc ? " --restart" : " --online")",
            affinityGroup: nil, memoryMaxBytes: 8 * gib, cpuCores: 2.4, storages: ["nfs"], haManaged: false)
    }

    /// A plan with `moves`, generated at `at`.
    static func plan(
        _ moves: [Recommendation], skipped: [SkippedGuest] = [], status: PlanStatus? = nil, urgency: Urgency = .none,
        advisories: [CapacityAdvisory] = [], at: Date = Date(timeIntervalSince1970: 1_800_000_000)
    ) -> RecommendationSet {
        RecommendationSet(
            cluster: cluster, generatedAt: at, snapshotAt: at, snapshotCycle: 1,
            status: status ?? (moves.isEmpty ? .balanced : .recommendations),
            message: moves.isEmpty ? "Cluster is balanced" : "\(moves.count) moves relieve pve1 (CPU 82 %)",
            recommendations: moves, skipped: skipped,
            summary: PlanSummary(
                clusterHealthBefore: 60, clusterHealthAfter: 70, urgency: urgency, balanced: moves.isEmpty, nodes: [],
                cpuSpreadBefore: 60, cpuSpreadAfter: 30, memorySpreadBefore: 40, memorySpreadAfter: 30,
                spreadReductionPct: 50, maxCpuPctBefore: 82, maxCpuPctAfter: 60, maxMemoryPctBefore: 71,
                maxMemoryPctAfter: 60, guestsConsidered: 2, moves: moves.count, guestsMovedPct: 50, conflicts: [],
                executionOrder: [], parallelGroups: [], advisories: advisories))
    }

    static func advisory(_ kind: String, severity: String = "warning") -> CapacityAdvisory {
        CapacityAdvisory(
            kind: kind, severity: severity, message: "CPU headroom is limited: 12 % left.", metrics: ["cpu_headroom_pct": 12],
            suggestions: ["Add a node or reduce load."])
    }
}

/// A `MessagePublishing` that keeps what is published, for tests without a broker.
final class RecordingBus: MessagePublishing {
    private let messages = Mutex<[MQTTMessage]>([])

    func publish(_ message: MQTTMessage) async throws {
        messages.withLock { $0.append(message) }
    }

    /// Everything published so far, in order.
    var published: [MQTTMessage] { messages.withLock { $0 } }

    /// The payloads published on `topic`, decoded, in order.
    func decoded<T: Decodable>(_ type: T.Type, on topic: String) throws -> [T] {
        try published.filter { $0.topic == topic }.map { try MessageCoding.decode(type, from: $0.payloadData) }
    }

    func clear() { messages.withLock { $0.removeAll() } }
}

/// A clock tests set and advance by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    /// Moves the clock forward and returns the new time.
    @discardableResult
    func advance(_ seconds: TimeInterval) -> Date {
        current.withLock { now in
            now += seconds
            return now
        }
    }
}
