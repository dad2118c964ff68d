import Contract
import Foundation
import MQTT
import PVESimulator
import StackSupport
import TestSupport
import Testing

/// Home Assistant against the whole system: the discovery configs the services publish, checked
/// as Home Assistant takes them against the payloads they really publish, and steering through
/// the discovered entities the way Home Assistant sends their commands.
@Suite(
    "Home Assistant on the whole stack", .enabled(if: MosquittoBroker.isAvailable && HADiscoveryCheck.isAvailable), .serialized,
    .timeLimit(.minutes(5)))
struct HomeAssistantStackTests {
    typealias Object = [String: Any]

    static func object(_ data: Data?) -> Object? {
        data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? Object }
    }

    /// The component `key` of the device config on `topic`.
    static func component(_ payloads: [String: [Data]], device: String, _ key: String) -> Object? {
        (object(payloads["homeassistant/device/\(device)/config"]?.last)?["cmps"] as? [String: Object])?[key]
    }

    @Test(
        "every entity is valid against the real payloads; the maintenance switch, the automation button, the notifier's test button and destination switch and the CPU threshold act as HA sends them"
    )
    func discoveryAgainstRealPayloads() async throws {
        // The last node is offline: its metrics must go unavailable, not show garbage.
        try await ConsoleStack.run(adjust: { $0.nodes[$0.nodes.count - 1].online = false }) { stack in
            let topics = stack.topics
            let ha = try await TestBus.client(stack.broker, name: "homeassistant")
            let recorder = BusRecorder()
            await recorder.record(try await ha.subscribe("homeassistant/#"))
            await recorder.record(try await ha.subscribe("\(topics.base)/#"))
            try await recorder.wait(for: "a snapshot and a plan") {
                $0[topics.clusterState] != nil && Self.object($0[topics.recommendations]?.last)?["summary"] != nil
            }
            let snapshot = try #require(Self.object(await recorder.last(topics.clusterState)))
            let nodes = try #require(snapshot["nodes"] as? [Object]).compactMap { $0["name"] as? String }
            let offline = try #require((snapshot["nodes"] as? [Object])?.first { $0["status"] as? String == "offline" }?["name"] as? String)
            let online = try #require(nodes.first { $0 != offline })
            let devices =
                nodes.map { "proxbalance_homelab_\($0)" } + [
                    "proxbalance_homelab", "proxbalance_homelab_executor", "proxbalance_homelab_scoring", "proxbalance_homelab_notifier",
                ]
            try await recorder.wait(for: "every device, the scores, maintenance and the executor's state") { seen in
                devices.allSatisfy { seen["homeassistant/device/\($0)/config"] != nil }
                    && [topics.scores, topics.maintenance, topics.outcomes, topics.settings(.executor), "proxbalance/homelab/notifier/status"]
                        .allSatisfy { seen[$0] != nil }
            }

            // The run-automation button, as HA presses it: its command template rendered.
            var payloads = await recorder.payloads
            for device in ["proxbalance_homelab", "proxbalance_homelab_scoring", "proxbalance_homelab_executor", "proxbalance_homelab_notifier"] {
                let config = Self.object(payloads["homeassistant/device/\(device)/config"]?.last)
                #expect((config?["dev"] as? Object)?["cu"] as? String == stack.baseURL, "\(device) links to the console")
            }
            let button = try #require(Self.component(payloads, device: "proxbalance_homelab_executor", "proxbalance_homelab_executor_run_automation"))
            let press = try HADiscoveryCheck.render(
                try #require(button["command_template"] as? String), payload: Data((button["payload_press"] as? String ?? "PRESS").utf8))
            try await ha.publish(MQTTMessage(topic: try #require(button["command_topic"] as? String), string: press))
            try await recorder.wait(for: "the automation run") { $0[topics.automationState] != nil }

            // The notifier's test button of its destination, as HA presses it: the test is sent and answered.
            let test = try #require(
                Self.component(payloads, device: "proxbalance_homelab_notifier", "proxbalance_homelab_notifier_test_ops-hook"))
            let testPress = try HADiscoveryCheck.render(try #require(test["command_template"] as? String), payload: Data("PRESS".utf8))
            try await ha.publish(MQTTMessage(topic: try #require(test["command_topic"] as? String), string: testPress))
            try await recorder.wait(for: "the test's answer") { seen in
                let answer = Self.object(seen["proxbalance/homelab/notifier/response/test"]?.last)
                return (answer?["result"] as? Object)?["destination"] as? String == "ops-hook"
            }

            // The destination's enable switch (off in this stack), as HA turns it on and off again: the status shows it.
            let toggle = try #require(
                Self.component(payloads, device: "proxbalance_homelab_notifier", "proxbalance_homelab_notifier_enabled_ops-hook"))
            let toggleTopic = try #require(toggle["command_topic"] as? String)
            for (payload, enabled) in [(toggle["payload_on"] as? String ?? "ON", true), (toggle["payload_off"] as? String ?? "OFF", false)] {
                try await ha.publish(MQTTMessage(topic: toggleTopic, string: payload))
                try await recorder.wait(for: "ops-hook enabled: \(enabled) in the notifier's status") { seen in
                    let status = Self.object(seen["proxbalance/homelab/notifier/status"]?.last)
                    return (status?["destinations"] as? [Object])?.first { $0["id"] as? String == "ops-hook" }?["enabled"] as? Bool == enabled
                }
                let state = try HADiscoveryCheck.render(
                    try #require(toggle["value_template"] as? String),
                    payload: try #require(await recorder.last("proxbalance/homelab/notifier/status")))
                #expect(state == (enabled ? "ON" : "OFF"))
            }

            // The CPU threshold number, as HA sets it to 55: scoring's settings change.
            let threshold = try #require(Self.component(payloads, device: "proxbalance_homelab_scoring", "proxbalance_homelab_scoring_cpu_threshold"))
            let setThreshold = try HADiscoveryCheck.render(try #require(threshold["command_template"] as? String), payload: Data("55".utf8))
            try await ha.publish(MQTTMessage(topic: try #require(threshold["command_topic"] as? String), string: setThreshold))
            try await recorder.wait(for: "the new CPU threshold in scoring's settings") { seen in
                (Self.object(seen[topics.settings(.scoring)]?.last)?["penalties"] as? Object)?["cpu_threshold"] as? Double == 55
            }

            // The sensitivity select, as HA picks `aggressive`: the preset's memory threshold, the CPU threshold set above kept.
            let sensitivity = try #require(Self.component(payloads, device: "proxbalance_homelab_scoring", "proxbalance_homelab_scoring_sensitivity"))
            #expect(sensitivity["options"] as? [String] == ["conservative", "balanced", "aggressive"])
            let pick = try HADiscoveryCheck.render(try #require(sensitivity["command_template"] as? String), payload: Data("aggressive".utf8))
            try await ha.publish(MQTTMessage(topic: try #require(sensitivity["command_topic"] as? String), string: pick))
            try await recorder.wait(for: "the aggressive preset in scoring's settings") { seen in
                let settings = Self.object(seen[topics.settings(.scoring)]?.last)
                let penalties = settings?["penalties"] as? Object
                return settings?["sensitivity"] as? String == "aggressive" && penalties?["mem_threshold"] as? Double == 60
                    && penalties?["cpu_threshold"] as? Double == 55
            }

            // A real migration, so the migration entities see its retained state and its events.
            let plan = try #require(Self.object(await recorder.last(topics.recommendations)))
            let vmid = try #require((plan["recommendations"] as? [Object])?.first?["vmid"] as? Int)
            let reply = try await TestBus.request(
                ha, topics.request(.executor, op: "migrate"), #"{"id": "ha-test-1", "vmid": \#(vmid)}"#, as: JSONValue.self)
            #expect(reply.ok, "\(String(describing: reply.error))")
            try await recorder.wait(for: "the migration to end", within: .seconds(90)) { seen in
                (seen[topics.events(.migrations)] ?? []).contains { ["completed", "failed"].contains(Self.object($0)?["kind"] as? String) }
            }

            // The maintenance switch, as HA turns it on: scoring plans the node's evacuation.
            payloads = await recorder.payloads
            let maintenance = try #require(
                Self.component(payloads, device: "proxbalance_homelab_\(online)", "proxbalance_homelab_\(online)_maintenance"))
            try await ha.publish(MQTTMessage(topic: try #require(maintenance["command_topic"] as? String), string: "ON"))
            try await recorder.wait(for: "the evacuation of \(online) in the plan") { seen in
                let moves = Self.object(seen[topics.recommendations]?.last)?["recommendations"] as? [Object] ?? []
                return moves.contains { $0["source"] as? String == online && $0["kind"] as? String == "maintenance_evacuation" }
            }
            // A user deletes the cluster and scoring devices; Home Assistant's next birth brings them back.
            let cleared = ["homeassistant/device/proxbalance_homelab/config", "homeassistant/device/proxbalance_homelab_scoring/config"]
            for topic in cleared { try await ha.publish(MQTTMessage(topic: topic, payload: [], retain: true)) }
            try await recorder.wait(for: "the deletions") { seen in cleared.allSatisfy { seen[$0]?.last?.isEmpty == true } }
            try await ha.publish(MQTTMessage(topic: "homeassistant/status", string: "online"))
            try await recorder.wait(for: "the devices again after the birth") { seen in cleared.allSatisfy { seen[$0]?.last?.isEmpty == false } }

            payloads = await recorder.payloads
            await recorder.stop()
            await ha.disconnect()

            // Absent values: a node that left (its topic cleared) and a purged migration.
            payloads[topics.node("gone"), default: []].append(Data())
            payloads[topics.migration("m-purged"), default: []].append(Data())
            let configs = payloads.filter { $0.key.hasPrefix("homeassistant/device/") }.compactMapValues(\.last)
            let problems = try HADiscoveryCheck(configs: configs, payloads: payloads, base: topics.base).problems()
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            // An hour later the same check still holds (the stale sensor says ON then).
            #expect(try HADiscoveryCheck(configs: configs, payloads: payloads, base: topics.base, now: Date() + 3600).problems().isEmpty)

            // What a user sees: the offline node's CPU is unavailable, its Online sensor is OFF, the
            // switch's node is in maintenance, and the snapshot is stale an hour later.
            let cpu = try #require(Self.component(payloads, device: "proxbalance_homelab_\(offline)", "proxbalance_homelab_\(offline)_cpu_pct"))
            let nodeAvailability = try #require((cpu["availability"] as? [Object])?.first { $0["value_template"] != nil })
            let offlineState = try #require(payloads[topics.node(offline)]?.last)
            #expect(try HADiscoveryCheck.render(try #require(nodeAvailability["value_template"] as? String), payload: offlineState) == "offline")
            let onlineSensor = try #require(
                Self.component(payloads, device: "proxbalance_homelab_\(offline)", "proxbalance_homelab_\(offline)_online"))
            #expect(try HADiscoveryCheck.render(try #require(onlineSensor["value_template"] as? String), payload: offlineState) == "OFF")
            let inMaintenance = try #require(
                Self.component(payloads, device: "proxbalance_homelab_\(online)", "proxbalance_homelab_\(online)_in_maintenance"))
            let maintenanceState = try #require(payloads[topics.maintenance]?.last)
            #expect(try HADiscoveryCheck.render(try #require(inMaintenance["value_template"] as? String), payload: maintenanceState) == "ON")
            let stale = try #require(Self.component(payloads, device: "proxbalance_homelab", "proxbalance_homelab_data_stale"))
            let state = try #require(payloads[topics.clusterState]?.last)
            let staleTemplate = try #require(stale["value_template"] as? String)
            #expect(try HADiscoveryCheck.render(staleTemplate, payload: state) == "OFF")
            #expect(try HADiscoveryCheck.render(staleTemplate, payload: state, now: Date() + 3600) == "ON")
            let health = try #require(Self.component(payloads, device: "proxbalance_homelab", "proxbalance_homelab_health"))
            let planState = try #require(payloads[topics.recommendations]?.last)
            #expect(Double(try HADiscoveryCheck.render(try #require(health["value_template"] as? String), payload: planState)) != nil)
            // pve3's load state from scoring's node scores: "None" while scoring has no trend for
            // it (a young stack until the RRD backfill lands), else the state scoring gives.
            let loadState = try #require(Self.component(payloads, device: "proxbalance_homelab_pve3", "proxbalance_homelab_pve3_state"))
            let template = try #require(loadState["value_template"] as? String)
            let scores = try #require(payloads[topics.scores]?.last)
            var report = try #require(Self.object(scores))
            let given = (report["nodes"] as? [Object])?.first { $0["node"] as? String == "pve3" }?["state"] as? String
            #expect(try HADiscoveryCheck.render(template, payload: scores) == given ?? "None")
            report["nodes"] = (report["nodes"] as? [Object])?.map { entry in
                var entry = entry
                if entry["node"] as? String == "pve3" { entry["state"] = "overloaded" }
                return entry
            }
            let hot = try JSONSerialization.data(withJSONObject: report)
            #expect(try HADiscoveryCheck.render(template, payload: hot) == "overloaded")
        }
    }
}
