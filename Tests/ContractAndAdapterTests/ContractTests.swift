import Contract
import Foundation
import Testing

@Suite("Contract")
struct ContractTests {
    static let snapshot = ClusterSnapshot(
        cluster: "demo", collectedAt: Date(timeIntervalSince1970: 1_763_884_800),
        collection: CollectionInfo(
            cycle: 3, durationMs: 41.5, intervalSeconds: 60, apiCalls: 12,
            errors: [CollectionError(endpoint: "/nodes/pve6/status", node: "pve6", status: 595, message: "No route to host")]),
        quorum: QuorumState(quorate: true, nodesOnline: 3, nodesTotal: 4), pveVersion: "8.4.14",
        nodes: [
            NodeState(
                name: "pve3", status: "online", cpuPct: 83, iowaitPct: 1.5, loadAverage: [12, 11, 10], cpuThreads: 16,
                memoryUsedBytes: 40 << 30, memoryTotalBytes: 64 << 30, memoryPct: 62.5, committedMemoryBytes: 48 << 30,
                overcommitRatio: 0.75, guestCpuCores: 12.5, guestsRunning: 8, guestsTotal: 8, storages: ["local-lvm"],
                history: NodeHistory(
                    cpuPct: MetricHistory(lastHour: WindowStats(avg: 80, max: 90, samples: 70)), memoryPct: MetricHistory(),
                    iowaitPct: MetricHistory(), load1: MetricHistory()))
        ],
        guests: [
            GuestState(
                vmid: 111, name: "syncthing", type: .lxc, node: "pve3", status: "running", vcpus: 2, cpuPct: 10,
                memoryUsedBytes: 1 << 29, memoryMaxBytes: 1 << 31, diskReadBps: 100, tags: ["media"],
                ha: HAState(state: "started", crmState: "started"), storages: ["local-lvm"],
                bindMounts: [BindMount(key: "mp0", source: "/mnt/media", mountPath: "/media", shared: true)])
        ],
        storages: [StorageState(id: "nfs", type: "nfs", shared: true, nodes: ["pve3", "pve4"], totalBytes: 100, usedBytes: 10)])

    @Test("a snapshot survives an encode/decode round trip unchanged")
    func roundTrip() throws {
        let data = try MessageCoding.encode(Self.snapshot)
        let decoded = try MessageCoding.decode(ClusterSnapshot.self, from: data)
        #expect(decoded == Self.snapshot)
    }

    @Test("keys are snake_case with units, dates ISO-8601, v is 1, absent values are omitted")
    func wireFormat() throws {
        let text = String(decoding: try MessageCoding.encode(Self.snapshot), as: UTF8.self)
        for key in [
            "\"v\":1", "\"collected_at\":\"2025-11-23T08:00:00Z\"", "\"cpu_pct\":83", "\"memory_total_bytes\":68719476736",
            "\"guest_cpu_cores\":12.5", "\"committed_memory_bytes\"", "\"last_hour\"", "\"disk_read_bps\":100",
            "\"bind_mounts\"", "\"mount_path\":\"/media\"", "\"crm_state\":\"started\"",
        ] {
            #expect(text.contains(key), "missing \(key)")
        }
        #expect(!text.contains("null"))
        #expect(!text.contains("disk_write_bps"))
    }

    @Test("guest host cores are derived from CPU % of own vCPUs")
    func guestCores() {
        let guest = GuestState(
            vmid: 1, name: nil, type: .qemu, node: "n", status: "running", vcpus: 4, cpuPct: 50, memoryUsedBytes: 0, memoryMaxBytes: 0)
        #expect(guest.cpuCores == 2)
    }

    @Test("a malformed payload gives an error naming the field")
    func decodingErrors() {
        let missing = Data(#"{"v":1,"cluster":"demo"}"#.utf8)
        do {
            _ = try MessageCoding.decode(ClusterSnapshot.self, from: missing)
            Issue.record("expected an error")
        } catch let error as MessageDecodingError {
            #expect(error.description.contains("required field is missing"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        let wrongType = Data(
            #"{"id":"x","cluster":"c","category":"collector","kind":"k","severity":"loud","at":"2026-01-01T00:00:00Z","title":"t","message":"m","details":[],"v":1}"#
                .utf8)
        #expect(throws: MessageDecodingError.self) { try MessageCoding.decode(BusEvent.self, from: wrongType) }
    }

    @Test("replies carry the request id and an error code")
    func replies() throws {
        let failure = Reply<String>.failure(id: "r1", .malformed("payload is not JSON"))
        let text = String(decoding: try MessageCoding.encode(failure), as: UTF8.self)
        #expect(text.contains("\"ok\":false"))
        #expect(text.contains("\"id\":\"r1\""))
        #expect(text.contains("\"code\":\"malformed\""))
        #expect(RequestHeader.id(in: Data(#"{"id":"abc","vmid":"oops"}"#.utf8)) == "abc")
        #expect(RequestHeader.id(in: Data("not json".utf8)) == nil)
    }

    @Test("topics follow the contract")
    func topics() {
        let topics = Topics(base: "proxbalance", cluster: "demo")
        #expect(topics.clusterState == "proxbalance/demo/cluster/state")
        #expect(topics.availability(.collector) == "proxbalance/demo/collector/availability")
        #expect(topics.node("pve3") == "proxbalance/demo/nodes/pve3")
        #expect(topics.guest(111) == "proxbalance/demo/guests/111")
        #expect(topics.events(.collector) == "proxbalance/demo/events/collector")
        #expect(topics.request(.executor, op: "migrate") == "proxbalance/demo/executor/request/migrate")
        #expect(topics.maintenanceSet(node: "pve3") == "proxbalance/demo/nodes/pve3/maintenance/set")
        #expect(Topics.cluster(in: "proxbalance/demo/cluster/state", base: "proxbalance") == "demo")
        #expect(Topics.cluster(in: "other/demo/cluster/state", base: "proxbalance") == nil)
        #expect(Topics.isValidLevel("pve-cluster_1"))
        #expect(!Topics.isValidLevel("a/b"))
        #expect(!Topics.isValidLevel("$SYS"))
        #expect(!Topics.isValidLevel(""))
    }
}
