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

/// Proxmox HA rules (PVE 9) and groups (PVE 8) read from the simulator over HTTPS into the
/// snapshot's `ha_rules`.
@Suite("Collector: HA rules", .serialized, .timeLimit(.minutes(2)))
struct CollectorHARulesTests {
    func collect(_ scenario: Scenario) async throws -> ClusterSnapshot { try await SimulatedCollection.snapshot(of: scenario) }

    @Test("PVE 9: node and resource affinity rules appear in the snapshot; disabled ones do not")
    func pve9Rules() async throws {
        var scenario = try SimulatorScenarios.demo()
        scenario.pveVersion = "9.0.3"
        scenario.haRules = [
            ScenarioHARule(rule: "db", type: "node-affinity", resources: "vm:111,vm:112", nodes: "pve3:2,pve4", strict: true),
            ScenarioHARule(rule: "apart", type: "resource-affinity", resources: "vm:111,vm:120", affinity: "negative"),
            ScenarioHARule(rule: "off", type: "node-affinity", resources: "vm:113", nodes: "pve5", strict: true, disable: true),
        ]
        let snapshot = try await collect(scenario)
        #expect(snapshot.collection.errors.isEmpty, "\(snapshot.collection.errors)")
        #expect(
            snapshot.haRules
                == HARules(
                    nodeAffinity: [
                        HANodeAffinityRule(
                            id: "db", source: "rule", vmids: [111, 112],
                            nodes: [HANodePriority(node: "pve3", priority: 2), HANodePriority(node: "pve4", priority: 0)], strict: true)
                    ],
                    resourceAffinity: [HAResourceAffinityRule(id: "apart", affinity: .negative, vmids: [111, 120])]))
    }

    @Test("PVE 8: HA groups with their members appear as node affinity rules")
    func pve8Groups() async throws {
        var scenario = try SimulatorScenarios.demo()
        scenario.pveVersion = "8.4.14"
        scenario.haGroups = [ScenarioHAGroup(group: "big", nodes: "pve3:1,pve5", restricted: true)]
        for index in scenario.guests.indices where [111, 121].contains(scenario.guests[index].vmid) {
            scenario.guests[index].ha = ScenarioHA(group: "big")
        }
        let snapshot = try await collect(scenario)
        #expect(snapshot.collection.errors.isEmpty, "\(snapshot.collection.errors)")
        #expect(
            snapshot.haRules?.nodeAffinity == [
                HANodeAffinityRule(
                    id: "big", source: "group", vmids: [111, 121],
                    nodes: [HANodePriority(node: "pve3", priority: 1), HANodePriority(node: "pve5", priority: 0)], strict: true)
            ])
        #expect(snapshot.guests.first { $0.vmid == 111 }?.ha?.group == "big")
    }
}

extension CollectorHARulesTests {
    @Test("the executor's live read: rules on PVE 9, groups where rules answer 501 (PVE 8)")
    func livePlacementRules() async throws {
        var logger = Logger(label: "ha-live-test")
        logger.logLevel = .warning
        for version in ["9.0.3", "8.4.14"] {
            var scenario = try SimulatorScenarios.demo()
            scenario.pveVersion = version
            scenario.haRules = [ScenarioHARule(rule: "keep", type: "node-affinity", resources: "vm:111", nodes: "pve3", strict: true)]
            scenario.haGroups = [ScenarioHAGroup(group: "keep", nodes: "pve3", restricted: true)]
            for index in scenario.guests.indices where scenario.guests[index].vmid == 111 {
                scenario.guests[index].ha = ScenarioHA(group: version.hasPrefix("8") ? "keep" : nil)
            }
            let rules = try await withSimulator(scenario: scenario) { simulator in
                try await PVEConnectionConfiguration(
                    url: simulator.baseURL, token: try PVEToken(parsing: simulator.token),
                    fingerprint: try CertificateFingerprint.parse(simulator.fingerprint)
                ).makeClient(maxConnections: 1, logger: logger).haPlacementRules()
            }
            #expect(rules.violation(moving: 111, to: "pve4", nodeOf: { _ in nil }) != nil, "\(version)")
            #expect(rules.nodeAffinity.first?.source == (version.hasPrefix("8") ? "group" : "rule"))
        }
    }
}
