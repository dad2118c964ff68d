import Contract
import ExecutorPolicy
import Foundation
import PVESimulator
import ProxmoxAPI
import ScoringEngine
import TestSupport
import Testing

@testable import CollectorSvc

/// The planner and the executor's validation judge "does it fit" with one rule: on the same
/// Proxmox facts, a move the planner's memory gate accepts passes the executor's memory check,
/// and one it refuses fails it — stopped guests and templates included.
@Suite("Memory gate: planner and executor agree")
struct MemoryGateAgreementTests {
    static let gib = 1_073_741_824

    @Test("every guest × target on random tight clusters: the planner's gate and the executor's memory check agree")
    func sameVerdict() throws {
        var random = SplitMix64(seed: 0x6d65_6d67)
        var fits = 0
        var refused = 0
        var decidedByStopped = 0
        for _ in 0..<60 {
            let resources = Self.cluster(&random)
            let (snapshot, _) = SnapshotBuilder(cluster: "c", intervalSeconds: 60)
                .build(
                    ClusterReading(clusterStatus: Self.status(resources), resources: resources), previousCounters: [:],
                    cycle: 1, durationMs: 1, now: LiveFactsNow.now)
            let facts = LiveFacts(
                quorate: true, guests: resources.filter { $0.guestKind != nil }, nodes: resources.filter { $0.type == .node },
                activeMigrationTasks: [], preconditions: .unsupported, maintenance: [], journalActive: [], now: LiveFactsNow.now)
            for guest in snapshot.guests where guest.isRunning {
                for node in snapshot.nodes where node.name != guest.node {
                    let planner = MemoryGate.fits(GuestLoad(guest), on: try NodeLoad(node))
                    let report = MigrationValidator.validate(
                        MoveRequest(vmid: guest.vmid, source: guest.node, target: node.name, origin: .manual), facts)
                    let check = try #require(report.checks.first { $0.name == "memory_fits" })
                    #expect(planner == check.passed, "guest \(guest.vmid) → \(node.name): planner \(planner), executor \(check.detail)")
                    if planner { fits += 1 } else { refused += 1 }
                    let running = snapshot.guests.filter { $0.node == node.name && $0.isRunning }.reduce(Int64(0)) { $0 + $1.memoryMaxBytes }
                    let runningOnly = MemoryGate.fits(guest.memoryMaxBytes, committedBytes: running, totalBytes: node.memoryTotalBytes ?? 0)
                    if runningOnly != planner { decidedByStopped += 1 }
                }
            }
        }
        // Both answers occur, and stopped guests decide some of them: the test can tell the rules apart.
        #expect(
            fits > 100 && refused > 100 && decidedByStopped > 20, "fits \(fits), refused \(refused), decided by stopped guests \(decidedByStopped)")
    }

    /// 3–5 nodes of 16–128 GiB, each filled to 60–110 % of its memory by guests of 1–16 GiB:
    /// about one in four stopped, one in twenty a template.
    static func cluster(_ random: inout SplitMix64) -> [PVEResource] {
        var resources: [PVEResource] = []
        var vmid = 100
        for index in 0..<(3 + random.int(3)) {
            let name = "pve\(index + 1)"
            let total = (16 << random.int(4)) * gib
            resources.append(
                decode(
                    #"{"id":"node/\#(name)","type":"node","node":"\#(name)","status":"online","cpu":0.3,"maxcpu":16,"mem":\#(total / 2),"maxmem":\#(total)}"#
                ))
            var placed = 0
            let fill = Double(total) * (0.6 + 0.5 * random.unit())
            while Double(placed) < fill {
                let size = (1 + random.int(16)) * gib
                let roll = random.unit()
                let status = roll < 0.25 ? "stopped" : "running"
                let template = roll > 0.95 ? 1 : 0
                resources.append(
                    decode(
                        #"{"id":"qemu/\#(vmid)","type":"qemu","vmid":\#(vmid),"node":"\#(name)","status":"\#(status)","template":\#(template),"maxmem":\#(size),"mem":\#(size / 2),"cpu":0.1,"maxcpu":2}"#
                    ))
                placed += size
                vmid += 1
            }
        }
        return resources
    }

    static func status(_ resources: [PVEResource]) -> PVEClusterStatus {
        let nodes = resources.filter { $0.type == .node }
        let entries =
            [#"{"type":"cluster","id":"cluster","name":"c","quorate":1,"nodes":\#(nodes.count),"version":1}"#]
            + nodes.enumerated().map { index, node in
                #"{"type":"node","id":"node/\#(node.node ?? "")","name":"\#(node.node ?? "")","nodeid":\#(index + 1),"online":1,"local":\#(index == 0 ? 1 : 0),"ip":"10.0.0.\#(index + 1)"}"#
            }
        return PVEClusterStatus(entries: entries.map { decode($0) })
    }

    static func decode<T: Decodable>(_ json: String) -> T {
        try! JSONDecoder().decode(T.self, from: Data(json.utf8))
    }
}

private enum LiveFactsNow {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
}
