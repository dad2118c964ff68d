import Contract
import ExecutorSvc
import Foundation
import MQTT
import TestSupport
import Testing

/// Home Assistant steering the executor through its discovered device.
@Suite("Service: Home Assistant device", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ServiceHomeAssistantTests {
    @Test("the executor announces a device whose Automation switch, as HA sends it, turns automation on")
    func automationSwitch() async throws {
        try await ServiceHarness.run { harness in
            let discovery = try await harness.client.subscribe("homeassistant/device/proxbalance_demo_executor/config")
            let config = try MessageCoding.decode(JSONValue.self, from: try await discovery.next(within: .seconds(10)).payloadData)
            guard case .object(let root) = config, case .object(let components)? = root["cmps"],
                case .object(let toggle)? = components["proxbalance_demo_executor_enabled"]
            else {
                Issue.record("no automation switch in \(config)")
                return
            }
            #expect(root["availability_topic"] == .string("proxbalance/demo/executor/availability"))
            #expect(toggle["p"] == .string("switch"))
            #expect(components["proxbalance_demo_executor_success_rate"] != nil)
            guard case .string(let command)? = toggle["command_topic"], case .string(let on)? = toggle["payload_on"],
                case .string(let stateTopic)? = toggle["state_topic"]
            else {
                Issue.record("the switch lacks its topics: \(toggle)")
                return
            }
            let states = try await harness.client.subscribe(stateTopic)
            try await harness.client.publish(MQTTMessage(topic: command, string: on))  // what HA sends on "turn on"
            let (settings, _) = try await TestBus.next(AutomationSettings.self, on: states) { $0.enabled }
            #expect(settings.enabled && settings.dryRun)
        }
    }

    @Test("Home Assistant's birth republishes the device, and its run-automation button's payload starts a run")
    func birthAndRunButton() async throws {
        try await ServiceHarness.run { harness in
            let topic = "homeassistant/device/proxbalance_demo_executor/config"
            let discovery = try await harness.client.subscribe(topic)
            _ = try await discovery.next(within: .seconds(10))  // the retained config of the start
            try await harness.client.publish(MQTTMessage(topic: topic, payload: [], retain: true))  // a user deletes the device
            _ = try await discovery.next(within: .seconds(5))  // the deletion itself
            try await harness.client.publish(MQTTMessage(topic: "homeassistant/status", string: "online"))
            let again = try await discovery.next(within: .seconds(10))
            #expect(!again.payload.isEmpty)
            let config = try MessageCoding.decode(JSONValue.self, from: again.payloadData)
            guard case .object(let root) = config, case .object(let components)? = root["cmps"],
                case .object(let button)? = components["proxbalance_demo_executor_run_automation"],
                case .string(let command)? = button["command_topic"], case .string(let template)? = button["command_template"],
                case .object(let rate)? = components["proxbalance_demo_executor_success_rate"],
                case .string(let rateTemplate)? = rate["value_template"]
            else {
                Issue.record("no run-automation button or success rate in \(config)")
                return
            }
            #expect(button["p"] == .string("button"))
            #expect(template.contains("now()"))  // a fresh id per press: commands run once per id
            #expect(!rateTemplate.contains("unknown"))
            // What HA sends on a press: the template rendered with the time.
            let rendered = template.replacingOccurrences(of: "{{ (now().timestamp() * 1000000) | int }}", with: "1733390000000000")
            let answers = try await harness.client.subscribe(harness.topics.response(.executor, op: "run_automation"))
            let states = try await harness.client.subscribe(harness.topics.automationState)
            try await harness.client.publish(MQTTMessage(topic: command, string: rendered))
            let reply = try MessageCoding.decode(Reply<AutomationState>.self, from: try await answers.next(within: .seconds(10)).payloadData)
            #expect(reply.id == "ha-1733390000000000")
            #expect(reply.ok, "\(String(describing: reply.error))")
            _ = try await states.next(within: .seconds(10))
        }
    }
}
