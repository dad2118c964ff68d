import Contract
import Foundation
import MQTT
import Testing

@testable import CollectorSvc

@Suite("Collector logic")
struct CollectorLogicTests {
    let t0 = Date(timeIntervalSince1970: 1_763_884_800)

    @Test("counter rates refuse restarts, moves and backwards counters")
    func counterRates() {
        let a = CounterSample(node: "n1", uptime: 100, netIn: 1000, netOut: 0, diskRead: 0, diskWrite: 0, at: t0)
        var b = a
        b.at = t0.addingTimeInterval(10)
        b.uptime = 110
        b.netIn = 6000
        #expect(CounterRates(from: a, to: b)?.netIn == 500)
        var restarted = b
        restarted.uptime = 5
        #expect(CounterRates(from: a, to: restarted) == nil)
        var moved = b
        moved.node = "n2"
        #expect(CounterRates(from: a, to: moved) == nil)
        var backwards = b
        backwards.netIn = 10
        #expect(CounterRates(from: a, to: backwards) == nil)
        #expect(CounterRates(from: a, to: a) == nil)
    }

    @Test("RRD windows: averages over the window only, maxima from cf=MAX when given")
    func rrdWindows() {
        let series: RRDStatistics.Series = (0..<70).map { (t0.addingTimeInterval(Double($0) * 60), Double($0)) }
        let hour = RRDStatistics.stats(series, window: 3600)
        // Points newer than newest − 3600 s: indices 10…69.
        #expect(hour?.samples == 60)
        #expect(hour?.avg == 39.5)
        #expect(hour?.max == 69)
        let maxima: RRDStatistics.Series = [(t0.addingTimeInterval(69 * 60), 120)]
        #expect(RRDStatistics.stats(series, maxima: maxima, window: 3600)?.max == 120)
        #expect(RRDStatistics.stats([], window: 3600) == nil)
    }

    @Test("snapshot messages: state, one per entity, and clearing what disappeared")
    func messages() throws {
        let topics = Topics(cluster: "demo")
        let snapshot = ClusterSnapshot(
            cluster: "demo", collectedAt: t0, collection: CollectionInfo(cycle: 1, durationMs: 1, intervalSeconds: 60, apiCalls: 1, errors: []),
            quorum: QuorumState(quorate: true, nodesOnline: 1, nodesTotal: 1), pveVersion: nil,
            nodes: [NodeState(name: "pve3", status: "online")],
            guests: [
                GuestState(
                    vmid: 100, name: "a", type: .qemu, node: "pve3", status: "running", vcpus: 1, cpuPct: 1, memoryUsedBytes: 1, memoryMaxBytes: 2)
            ],
            storages: [])
        let previous = SnapshotMessages.Published(nodes: ["pve3", "pve9"], guests: [100, 101])
        let (messages, published) = try SnapshotMessages.messages(for: snapshot, topics: topics, previously: previous)
        #expect(
            messages.map(\.topic) == [
                "proxbalance/demo/cluster/state", "proxbalance/demo/nodes/pve3", "proxbalance/demo/guests/100",
                "proxbalance/demo/nodes/pve9", "proxbalance/demo/guests/101",
            ])
        #expect(messages.allSatisfy { $0.retain && $0.qos == .atLeastOnce })
        #expect(messages.suffix(2).allSatisfy { $0.payload.isEmpty })
        #expect(published == SnapshotMessages.Published(nodes: ["pve3"], guests: [100]))
        let node = try MessageCoding.decode(NodeSummary.self, from: Data(messages[1].payload))
        #expect(node.name == "pve3" && node.cluster == "demo")
    }
}

@Suite("Home Assistant discovery")
struct HomeAssistantDiscoveryTests {
    @Test("the cluster device, then one retained device config per node, reading the node topic; removed nodes are cleared")
    func discovery() throws {
        let setup = HomeAssistantDiscovery.Setup(
            topics: Topics(cluster: "homelab"), version: "0.1.0", intervalSeconds: 60, pveURL: "https://pve3:8006", consoleURL: nil)
        let messages = try HomeAssistantDiscovery.messages(added: ["pve3"], removed: ["old.node"], cluster: true, setup: setup)
        #expect(
            messages.map(\.topic) == [
                "homeassistant/device/proxbalance_homelab/config", "homeassistant/device/proxbalance_homelab_pve3/config",
                "homeassistant/device/proxbalance_homelab_old_node/config",
            ])
        #expect(messages.allSatisfy { $0.retain })
        #expect(messages[2].payload.isEmpty)
        let config = try JSONDecoder().decode(JSONValue.self, from: messages[1].payloadData)
        guard case .object(let root) = config, case .object(let components)? = root["cmps"] else {
            Issue.record("not a device config: \(config)")
            return
        }
        #expect(root["state_topic"] == .string("proxbalance/homelab/nodes/pve3"))
        guard case .object(let device)? = root["dev"], case .object(let cpu)? = components["proxbalance_homelab_pve3_cpu_pct"] else {
            Issue.record("no CPU sensor in \(components.keys)")
            return
        }
        #expect(cpu["p"] == .string("sensor"))
        #expect(cpu["value_template"] == .string("{{ value_json.cpu_pct | default(None) }}"))
        #expect(cpu["unit_of_measurement"] == .string("%"))
        #expect(cpu["expire_after"] == .number(180))  // three collection intervals
        #expect(cpu["availability_mode"] == .string("all"))
        #expect(device["cu"] == .string("https://pve3:8006"))
        #expect(components["proxbalance_homelab_pve3_online"] != nil)
    }
}
