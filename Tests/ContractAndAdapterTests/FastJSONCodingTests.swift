import Contract
import Foundation
import TestSupport
import Testing

/// The fast snapshot codec against Foundation's: the same bytes out, the same values and the same
/// error texts in.
@Suite("Fast JSON coding")
struct FastJSONCodingTests {
    /// A snapshot with every optional field set, awkward text and extreme numbers.
    static func fullSnapshot() -> ClusterSnapshot {
        let history = MetricHistory(
            lastHour: WindowStats(avg: 0.1 + 0.2, max: 100, samples: 60), lastDay: WindowStats(avg: 1e-7, max: 1e20, samples: 1440),
            lastWeek: WindowStats(avg: -0.0, max: 2.5e15, samples: Int.max))
        let node = NodeState(
            name: "pvé-1 \u{1F680}", status: "online", haMaintenance: true, cpuPct: 12.345678901234567, iowaitPct: 5e-324,
            loadAverage: [0, 1.5, Double.greatestFiniteMagnitude], cpuThreads: 64, cpuCores: 32, cpuModel: "AMD \"EPYC\" \\ 7543/32-Core",
            memoryUsedBytes: Int64.max, memoryTotalBytes: Int64.min, memoryPct: 9_007_199_254_740_993, committedMemoryBytes: 1 << 40,
            overcommitRatio: 1.0000000000000002, guestCpuCores: 123456789.123, guestsRunning: 3, guestsTotal: 4,
            storages: ["local", "ceph/pool"], uptimeSeconds: 86_400, pveVersion: "9.0.3",
            history: NodeHistory(cpuPct: history, memoryPct: MetricHistory(), iowaitPct: history, load1: history))
        let guest = GuestState(
            vmid: 100, name: "ctl\u{0}\u{1}\u{8}\u{C}\n\r\t\u{1B}\u{7F}\u{2028}é", type: .lxc, node: node.name, status: "running",
            template: true, vcpus: 0.5, cpuPct: 33.3, memoryUsedBytes: 0, memoryMaxBytes: 1 << 33, diskReadBps: 1e16,
            diskWriteBps: 0.001, netInBps: 123.456, netOutBps: 1e-300, tags: ["a\"b", "c\\d", "ünï", "emoji🙂"],
            ha: HAState(state: "started", group: "g1", crmState: "migrate"), lock: "backup", storages: ["local-lvm"],
            diskBytes: 1 << 35, passthrough: ["hostpci0", "usb1"],
            bindMounts: [BindMount(key: "mp0", source: "/srv/a b", mountPath: "/mnt/x", shared: true)], uptimeSeconds: 0,
            configKnown: false)
        return ClusterSnapshot(
            cluster: "lab", collectedAt: Date(timeIntervalSince1970: 1_780_000_000.75),
            collection: CollectionInfo(
                cycle: 7, durationMs: 1234.5, intervalSeconds: 60, apiCalls: 41,
                errors: [CollectionError(endpoint: "/nodes/pve3/status", node: "pve3", status: 596, message: "timed out\tafter 5 s")]),
            quorum: QuorumState(quorate: false, nodesOnline: 1, nodesTotal: 3), pveVersion: "8.4.14", nodes: [node],
            guests: [
                guest,
                GuestState(
                    vmid: 101, name: nil, type: .qemu, node: "x", status: "stopped", vcpus: 1, cpuPct: 0, memoryUsedBytes: 0, memoryMaxBytes: 0),
            ],
            storages: [StorageState(id: "ceph", type: "rbd", shared: true, content: ["images"], nodes: ["a"], totalBytes: 1, usedBytes: 0)])
    }

    /// A snapshot with every optional field absent.
    static func sparseSnapshot() -> ClusterSnapshot {
        ClusterSnapshot(
            cluster: "", collectedAt: Date(timeIntervalSince1970: 0),
            collection: CollectionInfo(
                cycle: 0, durationMs: 0, intervalSeconds: 0, apiCalls: 0, errors: [CollectionError(endpoint: "/", message: "")]),
            quorum: QuorumState(quorate: true, nodesOnline: 0, nodesTotal: 0), pveVersion: nil, nodes: [NodeState(name: "n", status: "unknown")],
            guests: [], storages: [StorageState(id: "s", shared: false, nodes: [])])
    }

    static let snapshots: [ClusterSnapshot] = [
        fullSnapshot(), sparseSnapshot(),
        SyntheticCluster.snapshot(nodes: 8, guests: 300, seed: 7, at: Date(timeIntervalSince1970: 4_102_444_800)),
    ]

    @Test("the fast encoder writes the same bytes as Foundation's", arguments: snapshots.indices)
    func sameBytes(_ index: Int) throws {
        let snapshot = Self.snapshots[index]
        let fast = try MessageCoding.encode(snapshot)
        let foundation = try MessageCoding.encodeWithFoundation(snapshot)
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
    }

    @Test("the fast decoder reads back what was written, as Foundation's does", arguments: snapshots.indices)
    func sameValues(_ index: Int) throws {
        let data = try MessageCoding.encodeWithFoundation(Self.snapshots[index])
        let fast = try MessageCoding.decode(ClusterSnapshot.self, from: data)
        let foundation = try MessageCoding.decodeWithFoundation(ClusterSnapshot.self, from: data)
        #expect(fast == foundation)
        #expect(fast == Self.snapshots[index].withCollectedAtToTheSecond)
        #expect(try MessageCoding.encode(fast) == data)
    }

    @Test("hand-written JSON: escapes, whitespace, unknown fields, other date forms")
    func handWritten() throws {
        let text = """
             { "v" : 1 , "cluster" : "c\\u00e9\\ud83d\\ude80\\/\\"x\\"", "collected_at" : "2026-01-02T03:04:05.250+01:00",
               "future_field" : { "nested" : [ 1 , { } , null , true ] }, "pve_version" : null,
               "collection" : { "cycle" : 1E2, "duration_ms" : -0.5e-3, "interval_seconds" : 60, "api_calls" : 0, "errors" : [ ] },
               "quorum" : { "quorate" : false, "nodes_online" : 0, "nodes_total" : 0 },
               "nodes" : [ ], "guests" : [ ], "storages" : [ ] }\t\n
            """
        let data = Data(text.utf8)
        let fast = try MessageCoding.decode(ClusterSnapshot.self, from: data)
        #expect(fast == (try MessageCoding.decodeWithFoundation(ClusterSnapshot.self, from: data)))
        #expect(fast.cluster == "cé🚀/\"x\"")
        #expect(fast.collection.cycle == 100)
        #expect(fast.collectedAt == Date(timeIntervalSince1970: 1_767_319_445.25))
    }

    @Test(
        "malformed payloads give Foundation's error text",
        arguments: [
            #"{"v":1,"cluster":"demo"}"#,
            #"{"v":1,"cluster":"c","collected_at":"2026-01-01T00:00:00Z","collection":{"cycle":1,"duration_ms":0,"interval_seconds":60,"api_calls":0,"errors":[]},"quorum":{"quorate":true,"nodes_online":1,"nodes_total":1},"nodes":[],"storages":[],"guests":[{"vmid":1,"type":"qemu","node":"n","status":"running","template":false,"vcpus":1,"cpu_pct":0,"cpu_cores":0,"memory_used_bytes":0,"tags":[],"storages":[],"passthrough":[],"bind_mounts":[],"config_known":true}]}"#,
            #"{"v":1,"cluster":"c","collected_at":"2026-01-01T00:00:00Z","collection":{"cycle":"one","duration_ms":0,"interval_seconds":60,"api_calls":0,"errors":[]}}"#,
            #"{"v":1,"cluster":"c","collected_at":"2026-01-01T00:00:00Z","collection":{"cycle":1,"duration_ms":null,"interval_seconds":60,"api_calls":0,"errors":[]}}"#,
            #"{"v":1,"cluster":"c","collected_at":"2026-01-01T00:00:00Z","collection":[]}"#,
            #"{"v":1,"cluster":"c","collected_at":"2026-01-01T00:00:00Z","collection":{"cycle":1,"duration_ms":0,"interval_seconds":60,"api_calls":0,"errors":[{"endpoint":"/","message":5}]}}"#,
            #"{"v":1,"cluster":"c","collected_at":"2026-01-01T00:00:00Z","collection":{"cycle":1,"duration_ms":0,"interval_seconds":60,"api_calls":0,"errors":{}}}"#,
            #"{"v":1,"cluster":"c","collected_at":"2026-01-01T00:00:00Z","collection":{"cycle":1,"duration_ms":0,"interval_seconds":60,"api_calls":0,"errors":[]},"quorum":{"quorate":true,"nodes_online":1,"nodes_total":1},"nodes":[],"storages":[],"guests":[{"vmid":1,"type":"vm","node":"n","status":"running","template":false,"vcpus":1,"cpu_pct":0,"cpu_cores":0,"memory_used_bytes":0,"memory_max_bytes":0,"tags":[],"storages":[],"passthrough":[],"bind_mounts":[],"config_known":true}]}"#,
            guestPayload(#""tags":[1]"#), guestPayload(#""tags":null"#), guestPayload(#""ha":5"#), guestPayload(#""vcpus":"x""#),
            guestPayload(#""vmid":null"#), guestPayload(#""bind_mounts":[{"key":"mp0"}]"#),
            guestPayload(#""name":7"#), guestPayload(#""memory_used_bytes":true"#),
            #"[1,2]"#, #"{"v":1,"#, #"{"v":1}x"#, #"{"cluster":"\u0001"}"#, "", #"{"v":01}"#,
        ])
    func sameErrors(_ payload: String) {
        let data = Data(payload.utf8)
        #expect(
            errorText { try MessageCoding.decode(ClusterSnapshot.self, from: data) }
                == errorText {
                    try MessageCoding.decodeWithFoundation(ClusterSnapshot.self, from: data)
                })
    }

    @Test("the syntax check is the same parser: valid JSON passes, invalid UTF-8 and lone surrogates do not")
    func syntax() throws {
        #expect(JSONSyntax.isValid(Array(try MessageCoding.encode(Self.fullSnapshot()))))
        #expect(JSONSyntax.isValid(Array(#" {"a":["é\u00e9\ud83d\ude80",1e-3]} "#.utf8)))
        #expect(!JSONSyntax.isValid([0x22, 0xFF, 0x22]))
        #expect(!JSONSyntax.isValid(Array(#""\ud83d""#.utf8)))
        #expect(!JSONSyntax.isValid(Array(String(repeating: "[", count: 600).utf8) + Array(String(repeating: "]", count: 600).utf8)))
    }

    @Test("a missing field is named with its snake_case path")
    func missingFieldPath() {
        let payload = Data(
            #"{"v":1,"cluster":"c","collected_at":"2026-01-01T00:00:00Z","collection":{"cycle":1,"duration_ms":0,"interval_seconds":60,"api_calls":0,"errors":[]},"quorum":{"quorate":true,"nodes_online":1,"nodes_total":1},"nodes":[],"storages":[],"guests":[{"vmid":1,"type":"qemu","node":"n","status":"running","template":false,"vcpus":1,"cpu_pct":0,"cpu_cores":0,"memory_used_bytes":0,"tags":[],"storages":[],"passthrough":[],"bind_mounts":[],"config_known":true}]}"#
                .utf8)
        #expect(
            errorText { try MessageCoding.decode(ClusterSnapshot.self, from: payload) } == "guests[0].memory_max_bytes: required field is missing")
    }

    @Test("a fractional integer is named with its path (Foundation's decoder says the JSON is invalid)")
    func fractionalInteger() {
        let payload = Data(Self.guestPayload(#""vmid":1.5"#).utf8)
        #expect(
            errorText { try MessageCoding.decode(ClusterSnapshot.self, from: payload) }
                == "guests[0].vmid: Parsed JSON number <1.5> does not fit in Int.")
    }

    @Test("a bad date is named with its path (Foundation's decoder names none)")
    func badDate() {
        let payload = Data(#"{"v":1,"cluster":"c","collected_at":"yesterday","collection":{}}"#.utf8)
        #expect(
            errorText { try MessageCoding.decode(ClusterSnapshot.self, from: payload) }
                == "collected_at: Expected date string to be ISO8601-formatted.")
    }

    /// A snapshot with one guest whose `field` member is replaced (or added).
    static func guestPayload(_ member: String) -> String {
        let key = member.split(separator: ":")[0]
        var fields = [
            #""vmid":1"#, #""type":"qemu""#, #""node":"n""#, #""status":"running""#, #""template":false"#, #""vcpus":1"#, #""cpu_pct":0"#,
            #""cpu_cores":0"#, #""memory_used_bytes":0"#, #""memory_max_bytes":0"#, #""tags":[]"#, #""storages":[]"#, #""passthrough":[]"#,
            #""bind_mounts":[]"#, #""config_known":true"#,
        ].filter { !$0.hasPrefix(key + ":") }
        fields.append(member)
        return
            #"{"v":1,"cluster":"c","collected_at":"2026-01-01T00:00:00Z","collection":{"cycle":1,"duration_ms":0,"interval_seconds":60,"api_calls":0,"errors":[]},"quorum":{"quorate":true,"nodes_online":1,"nodes_total":1},"nodes":[],"storages":[],"guests":[{"#
            + fields.joined(separator: ",") + "}]}"
    }

    private func errorText(_ body: () throws -> ClusterSnapshot) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }
}

extension ClusterSnapshot {
    /// The snapshot as it reads back: dates are written to the second.
    fileprivate var withCollectedAtToTheSecond: ClusterSnapshot {
        var copy = self
        copy.collectedAt = Date(timeIntervalSince1970: collectedAt.timeIntervalSince1970.rounded(.down))
        return copy
    }
}
