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
}
