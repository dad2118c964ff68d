import Contract
import Foundation
import HTTPTransport
import Logging
import MQTT
import PVESimulator
import ProxmoxAPI
import ProxmoxClient
import ServiceRuntime
import TestSupport
import Testing

@testable import CollectorSvc

/// The collector against the real simulator over HTTPS (pinned certificate) and a real
/// mosquitto: what an admin sees on the bus.
@Suite("Collector integration", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct CollectorIntegrationTests {
    static let logger: Logger = {
        var logger = Logger(label: "collector-test")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `pb-collector`'s wiring against `simulator`, publishing to `broker`, from when it is
    /// `online` until `body` returns; then shuts it down gracefully.
    func withCollector<T>(
        simulator: RunningSimulator, broker: MosquittoBroker, token: String? = nil, interval: Double = 1,
        cluster: String = "homelab", _ body: () async throws -> T
    ) async throws -> T {
        var settings = simulator.serviceSettings
        settings["PROXBALANCE_PVE_TOKEN"] = token ?? simulator.token
        settings["PROXBALANCE_CLUSTER"] = cluster
        settings["PROXBALANCE_COLLECTOR_INTERVAL_SECONDS"] = "\(interval)"
        settings["PROXBALANCE_COLLECTOR_CONCURRENCY"] = "4"
        let collector = try await RunningService.start(
            CollectorProgram(), broker: broker, settings: settings, readyOn: Topics(cluster: cluster).availability(.collector))
        let result: T
        do {
            result = try await body()
        } catch {
            try? await collector.stop()
            throw error
        }
        try await collector.stop()
        return result
    }

    /// A subscriber that collects what arrives on `filter`.
    func observe(_ broker: MosquittoBroker, _ filter: String) async throws -> (MQTTClient, MQTTSubscription) {
        let client = MQTTClient(
            configuration: try MQTTConfiguration(url: broker.url, clientID: "observer-\(UUID().uuidString.prefix(8))"),
            logger: Self.logger)
        try await client.connect()
        return (client, try await client.subscribe(filter, qos: .atLeastOnce))
    }

    @Test("the snapshot appears within one interval and matches the demo scenario", .timeLimit(.minutes(1)))
    func snapshotMatchesScenario() async throws {
        let scenario = try SimulatorScenarios.demo()
        try await withBroker { broker in
            try await withSimulator(scenario: scenario) { simulator in
                let (observer, states) = try await observe(broker, "proxbalance/+/cluster/state")
                defer { Task { await observer.disconnect() } }
                let clusterID = try await PVEConnectionConfiguration(
                    url: simulator.baseURL, token: try PVEToken(parsing: simulator.token),
                    fingerprint: try CertificateFingerprint.parse(simulator.fingerprint)
                ).makeClient(maxConnections: 1, logger: Self.logger).clusterStatus().defaultClusterID
                #expect(clusterID == scenario.cluster)

                let snapshot = try await withCollector(simulator: simulator, broker: broker, interval: 5, cluster: scenario.cluster) {
                    let message = try await states.next(within: .seconds(5))
                    #expect(message.topic == "proxbalance/\(scenario.cluster)/cluster/state")
                    #expect(message.retain == false || message.retain == true)
                    return try MessageCoding.decode(ClusterSnapshot.self, from: message.payloadData)
                }
                #expect(snapshot.cluster == scenario.cluster)
                #expect(snapshot.quorum.quorate)
                #expect(snapshot.nodes.map(\.name) == scenario.nodes.map(\.name).sorted())
                #expect(snapshot.collection.errors.isEmpty, "\(snapshot.collection.errors)")

                let mib: Int64 = 1 << 20
                for expected in scenario.guests {
                    let guest = try #require(snapshot.guests.first { $0.vmid == expected.vmid }, "guest \(expected.vmid) missing")
                    #expect(guest.node == expected.node, "placement of \(expected.vmid)")
                    #expect(guest.tags.sorted() == expected.tags.sorted(), "tags of \(expected.vmid)")
                    #expect(guest.memoryMaxBytes == Int64(expected.memoryMib) * mib, "memory of \(expected.vmid)")
                    #expect(guest.template == expected.template)
                    #expect(guest.passthrough.sorted() == expected.passthrough.keys.sorted(), "passthrough of \(expected.vmid)")
                    let binds = expected.mountPoints.filter(\.isBind)
                    #expect(guest.bindMounts.map(\.key).sorted() == binds.map(\.key).sorted(), "bind mounts of \(expected.vmid)")
                    for bind in binds {
                        #expect(guest.bindMounts.first { $0.key == bind.key }?.shared == bind.shared, "shared flag of \(expected.vmid) \(bind.key)")
                    }
                    #expect((guest.ha != nil) == (expected.ha?.managed ?? false), "HA of \(expected.vmid)")
                    if guest.status == "running" { #expect(guest.configKnown) }
                }
                for node in scenario.nodes {
                    let state = try #require(snapshot.nodes.first { $0.name == node.name })
                    let committed = scenario.guests.filter { $0.node == node.name && !$0.template }
                        .reduce(Int64(0)) { $0 + Int64($1.memoryMib) * mib }
                    #expect(state.committedMemoryBytes == committed, "committed memory of \(node.name)")
                    #expect(state.cpuThreads == node.cpus)
                    #expect(state.guestsTotal == scenario.guests.filter { $0.node == node.name && !$0.template }.count)
                    #expect((state.history?.cpuPct.lastWeek?.samples ?? 0) > 20, "7 days of RRD for \(node.name)")
                }
                // CPU % agrees with what Proxmox (the simulator) reports right now.
                let live = await simulator.simulator.handle(SimRequest(path: "/cluster/resources", query: ["type": "node"]))
                let resources = try JSONDecoder().decode(PVEEnvelopeForTests<[PVEResource]>.self, from: try #require(live.body)).data
                for resource in resources {
                    let state = try #require(snapshot.nodes.first { $0.name == resource.node })
                    #expect(abs((state.cpuPct ?? -100) - (resource.cpu ?? 0) * 100) < 10, "CPU of \(state.name)")
                }
            }
        }
    }

    @Test("Home Assistant finds every node through retained device discovery", .timeLimit(.minutes(1)))
    func homeAssistantDiscovery() async throws {
        let scenario = try SimulatorScenarios.demo()
        try await withBroker { broker in
            try await withSimulator(scenario: scenario) { simulator in
                try await withCollector(simulator: simulator, broker: broker, interval: 1) {
                    let (observer, states) = try await observe(broker, "proxbalance/homelab/cluster/state")
                    _ = try await states.nextPayloads(2, within: .seconds(10))  // the first cycle is complete
                    await observer.disconnect()
                    // A Home Assistant connecting later gets the retained configs.
                    let (ha, discovery) = try await observe(broker, "homeassistant/device/+/config")
                    var seen: Set<String> = []
                    while seen.count < scenario.nodes.count + 1 {  // every node and the cluster
                        let message = try await discovery.next(within: .seconds(5))
                        #expect(message.retain)
                        let config = try JSONDecoder().decode(JSONValue.self, from: message.payloadData)
                        guard case .object(let root) = config, case .string(let state)? = root["state_topic"] else {
                            Issue.record("not a discovery config: \(message.topic)")
                            break
                        }
                        seen.insert(state)
                    }
                    #expect(seen == Set(scenario.nodes.map { "proxbalance/homelab/nodes/\($0.name)" } + ["proxbalance/homelab/cluster/state"]))
                    await ha.disconnect()
                }
            }
        }
    }

    @Test("Home Assistant's birth republishes every node's config, a deleted one included", .timeLimit(.minutes(1)))
    func birthRepublishes() async throws {
        let scenario = try SimulatorScenarios.demo()
        try await withBroker { broker in
            try await withSimulator(scenario: scenario) { simulator in
                try await withCollector(simulator: simulator, broker: broker, interval: 1) {
                    let (observer, states) = try await observe(broker, "proxbalance/homelab/cluster/state")
                    _ = try await states.nextPayloads(2, within: .seconds(10))  // the first cycle is complete
                    let node = scenario.nodes[0].name
                    let deleted = HomeAssistantDiscovery.topic(node: node, topics: Topics(cluster: "homelab"))
                    try await observer.publish(MQTTMessage(topic: deleted, payload: [], retain: true))  // a user deletes it
                    let (ha, discovery) = try await observe(broker, "homeassistant/device/+/config")
                    try await ha.publish(MQTTMessage(topic: "homeassistant/status", string: "online"))
                    var republished: [String: JSONValue] = [:]
                    while republished.count < scenario.nodes.count + 1 {  // every node and the cluster
                        let message = try await discovery.next(within: .seconds(5))
                        guard !message.retain else { continue }
                        republished[message.topic] = try JSONDecoder().decode(JSONValue.self, from: message.payloadData)
                    }
                    #expect(republished[deleted] != nil)
                    #expect(republished["homeassistant/device/proxbalance_homelab/config"] != nil)
                    guard case .object(let root)? = republished[deleted], case .object(let components)? = root["cmps"],
                        case .object(let maintenance)? = components["proxbalance_homelab_\(node)_maintenance"]
                    else {
                        Issue.record("no maintenance switch in \(String(describing: republished[deleted]))")
                        return
                    }
                    #expect(maintenance["p"] == .string("switch"))
                    #expect(maintenance["command_topic"] == .string("proxbalance/homelab/nodes/\(node)/maintenance/set"))
                    #expect(maintenance["state_topic"] == .string("proxbalance/homelab/maintenance"))
                    #expect(maintenance["payload_on"] == .string("ON") && maintenance["state_on"] == .string("ON"))
                    await ha.disconnect()
                    await observer.disconnect()
                }
            }
        }
    }

    @Test("a broker restart is survived: the collector reconnects and republishes", .timeLimit(.minutes(1)))
    func brokerRestart() async throws {
        try await withBroker { broker in
            try await withSimulator(scenario: try SimulatorScenarios.demo()) { simulator in
                try await withCollector(simulator: simulator, broker: broker) {
                    let (before, states) = try await observe(broker, "proxbalance/homelab/cluster/state")
                    _ = try await states.next(within: .seconds(5))
                    await before.disconnect()

                    try broker.restart()  // no persistence: the retained state is gone with it
                    let restartedAt = Date()
                    let (after, fresh) = try await observe(broker, "proxbalance/homelab/cluster/state")
                    // A publish caught by the restart may be delivered late; a snapshot collected
                    // after the restart proves the collector reconnected and went on.
                    let message = try await fresh.next(within: .seconds(30)) { message in
                        (try? MessageCoding.decode(ClusterSnapshot.self, from: message.payloadData)).map { $0.collectedAt >= restartedAt } ?? false
                    }
                    let snapshot = try MessageCoding.decode(ClusterSnapshot.self, from: message.payloadData)
                    #expect(snapshot.nodes.count == 4)
                    await after.disconnect()
                }
            }
        }
    }

    @Test("the simulator going down yields one error event, and recovery when it returns", .timeLimit(.minutes(2)))
    func apiOutageAndRecovery() async throws {
        let directory = try TemporaryDirectory(prefix: "collector-outage")
        defer { directory.remove() }
        let scenario = try SimulatorScenarios.demo()
        let port = try freeLoopbackPort()
        try await withBroker { broker in
            let simulator = try await startSimulator(scenario: scenario, port: port, dataDirectory: directory.path)
            let (observer, events) = try await observe(broker, "proxbalance/homelab/events/collector")
            try await withCollector(simulator: simulator, broker: broker) {
                try await Task.sleep(for: .seconds(1.5))
                await simulator.stop()
                let failure = try MessageCoding.decode(BusEvent.self, from: try await events.next(within: .seconds(15)).payloadData)
                #expect(failure.kind == "collection_failed")
                #expect(failure.severity == .critical)
                #expect(failure.message.contains(simulator.baseURL))

                let back = try await startSimulator(scenario: scenario, port: port, dataDirectory: directory.path)
                // Recovered after a whole window (10) of good cycles.
                let recovery = try MessageCoding.decode(BusEvent.self, from: try await events.next(within: .seconds(60)).payloadData)
                #expect(recovery.kind == "recovered")
                await back.stop()
            }
            await observer.disconnect()
        }
    }

    @Test(
        "a 20 % Proxmox API error rate gives one collection_failed and, once it stops, one recovered — not a stream",
        .timeLimit(.minutes(3)))
    func flakyAPI() async throws {
        try await withBroker { broker in
            try await withSimulator(scenario: try SimulatorScenarios.demo()) { simulator in
                var faults = await simulator.simulator.faults()
                faults.errorRate = 0.2
                await simulator.simulator.setFaults(faults)
                let (observer, messages) = try await observe(broker, "proxbalance/homelab/+/+")
                let kinds = try await withCollector(simulator: simulator, broker: broker, interval: 1) {
                    try await withTestTimeout(.seconds(150), "one collection_failed and one recovered") {
                        var kinds: [String] = []
                        var snapshots = 0
                        for await message in messages {
                            if message.topic.hasSuffix("/events/collector") {
                                kinds.append(try MessageCoding.decode(BusEvent.self, from: message.payloadData).kind)
                            } else if message.topic.hasSuffix("/cluster/state"), !kinds.isEmpty {
                                snapshots += 1
                                // Fewer good cycles than a window while the errors go on: no recovery
                                // may be announced; then the errors stop.
                                if snapshots == 5 { await simulator.simulator.setFaults(SimulatorFaults()) }
                                // A few good cycles after the recovery: nothing more is announced.
                                if kinds.last == "recovered", snapshots >= 5 + 10 + 2 { return kinds }
                            }
                        }
                        throw TestFailure("the subscription ended")
                    }
                }
                #expect(kinds == ["collection_failed", "recovered"])
                await observer.disconnect()
            }
        }
    }

    @Test("a wrong token yields an auth_failed event, no state, and the secret appears nowhere", .timeLimit(.minutes(1)))
    func wrongToken() async throws {
        try await withBroker { broker in
            try await withSimulator(scenario: try SimulatorScenarios.demo()) { simulator in
                let (observer, everything) = try await observe(broker, "proxbalance/#")
                try await withCollector(simulator: simulator, broker: broker, token: "root@pam!test=wrong-secret-value") {
                    // The collector's own availability (cleared, then `online`) comes first.
                    let message = try await everything.next(within: .seconds(10)) { !$0.topic.hasSuffix("/collector/availability") }
                    #expect(message.topic == "proxbalance/homelab/events/collector")
                    let event = try MessageCoding.decode(BusEvent.self, from: message.payloadData)
                    #expect(event.kind == "auth_failed")
                    #expect(event.message.contains("PROXBALANCE_PVE_TOKEN"))
                    #expect(!(message.payloadString ?? "").contains("wrong-secret-value"))
                }
                await observer.disconnect()
            }
        }
    }

    @Test("an offline node degrades its part of the snapshot and is announced", .timeLimit(.minutes(1)))
    func offlineNode() async throws {
        try await withBroker { broker in
            try await withSimulator(scenario: try SimulatorScenarios.demo()) { simulator in
                var faults = await simulator.simulator.faults()
                faults.offlineNodes = ["pve6"]
                await simulator.simulator.setFaults(faults)
                let (observer, messages) = try await observe(broker, "proxbalance/homelab/#")
                try await withCollector(simulator: simulator, broker: broker, interval: 5) {
                    let state = try await messages.next(within: .seconds(5)) { $0.topic.hasSuffix("/cluster/state") }
                    let snapshot = try MessageCoding.decode(ClusterSnapshot.self, from: state.payloadData)
                    let pve6 = try #require(snapshot.nodes.first { $0.name == "pve6" })
                    #expect(pve6.status == "offline")
                    #expect(pve6.cpuPct == nil)
                    #expect(snapshot.guests.filter { $0.node == "pve6" }.allSatisfy { $0.status == "unknown" || $0.status == "stopped" })
                    #expect(snapshot.nodes.filter { $0.name != "pve6" }.allSatisfy { $0.status == "online" && $0.cpuPct != nil })
                    let event = try await messages.next(within: .seconds(5)) { $0.topic.hasSuffix("/events/collector") }
                    let decoded = try MessageCoding.decode(BusEvent.self, from: event.payloadData)
                    #expect(decoded.kind == "node_offline")
                    #expect(decoded.details.contains { $0.value == "pve6" })
                }
                await observer.disconnect()
            }
        }
    }
}

/// `{"data": …}` of a Proxmox answer.
struct PVEEnvelopeForTests<T: Decodable>: Decodable { let data: T }
