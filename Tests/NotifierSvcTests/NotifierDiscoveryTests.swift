import Foundation
import MQTT
import NotifierSvc
import Testing

/// The notifier's Home Assistant device follows its destinations.
@Suite("Notifier Home Assistant device")
struct NotifierDiscoveryTests {
    static func components(_ data: Data) throws -> [String: [String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(root["cmps"] as? [String: [String: Any]])
    }

    @Test("a test button and an enable switch per destination; a removed destination's go as a bare component first, then the config without it")
    func removal() throws {
        let topics = NotifierTopics(base: "proxbalance", cluster: "homelab")
        let first = try NotifierDiscovery.messages(topics: topics, destinations: ["ops", "phone"], removed: [], version: "1", consoleURL: nil)
        #expect(first.count == 1)
        #expect(first[0].topic == "homeassistant/device/proxbalance_homelab_notifier/config")
        let buttons = try Self.components(first[0].payloadData).filter { $0.value["p"] as? String == "button" }
        #expect(Set(buttons.keys) == ["proxbalance_homelab_notifier_test_ops", "proxbalance_homelab_notifier_test_phone"])
        #expect(buttons["proxbalance_homelab_notifier_test_ops"]?["command_topic"] as? String == "proxbalance/homelab/notifier/request/test")

        let switches = try Self.components(first[0].payloadData).filter { $0.value["p"] as? String == "switch" }
        #expect(Set(switches.keys) == ["proxbalance_homelab_notifier_enabled_ops", "proxbalance_homelab_notifier_enabled_phone"])
        let ops = try #require(switches["proxbalance_homelab_notifier_enabled_ops"])
        #expect(ops["command_topic"] as? String == "proxbalance/homelab/notifier/destinations/ops/enabled/set")
        #expect(ops["state_topic"] as? String == "proxbalance/homelab/notifier/status")
        #expect(ops["payload_on"] as? String == "ON" && ops["payload_off"] as? String == "OFF")

        let next = try NotifierDiscovery.messages(topics: topics, destinations: ["ops"], removed: ["phone"], version: "1", consoleURL: nil)
        #expect(next.count == 2 && next.allSatisfy(\.retain))
        let removing = try Self.components(next[0].payloadData)
        #expect(removing["proxbalance_homelab_notifier_test_phone"]?.count == 1)  // only "p": Home Assistant deletes it
        #expect(removing["proxbalance_homelab_notifier_enabled_phone"] as? [String: String] == ["p": "switch"])
        #expect(try Self.components(next[1].payloadData)["proxbalance_homelab_notifier_test_phone"] == nil)
        #expect(try Self.components(next[1].payloadData)["proxbalance_homelab_notifier_enabled_phone"] == nil)

        let busWide = try NotifierDiscovery.messages(
            topics: NotifierTopics(base: "proxbalance", cluster: nil), destinations: [], removed: [], version: "1", consoleURL: nil)
        #expect(busWide[0].topic == "homeassistant/device/proxbalance_notifier/config")
    }
}
