import Contract
import Foundation
import MQTT

/// The notifier's Home Assistant device (`homeassistant/device/proxbalance_<cluster>_notifier/config`,
/// or `proxbalance_notifier` for a notifier serving every cluster), retained: the backlog and
/// dead deliveries (from the retained `…/notifier/status`), and per destination a button that
/// sends it a test message (the `test` request) and a switch that turns it on and off (its
/// `enabled/set`, state from the status). Pure.
public enum NotifierDiscovery {
    static func objectID(topics: NotifierTopics) -> String {
        topics.cluster.map { HADeviceConfig.objectID("proxbalance", $0, "notifier") } ?? HADeviceConfig.objectID("proxbalance", "notifier")
    }

    /// The `test` request of a press: a new id per press, for `destination`.
    static func testTemplate(destination: String) -> String {
        #"{"id":"ha-{{ (now().timestamp() * 1000000) | int }}","destination":"\#(destination)"}"#
    }

    /// The switch state of `destination` from the status: `ON` while it is enabled.
    static func enabledTemplate(destination: String) -> String {
        "{{ 'ON' if (value_json.destinations | default([]) | selectattr('id', 'equalto', '\(destination)') "
            + "| map(attribute='enabled') | first | default(false)) else 'OFF' }}"
    }

    /// The device config for `destinations`; the button and switch of `removed` ones first go
    /// as bare `{"p":"button"}` and `{"p":"switch"}` components, which makes Home Assistant
    /// delete them.
    public static func messages(
        topics: NotifierTopics, destinations: [String], removed: [String], version: String, consoleURL: String?
    ) throws -> [MQTTMessage] {
        let id = objectID(topics: topics)
        func total(_ key: String, _ name: String, icon: String) -> (String, HAComponent) {
            (
                "\(id)_\(key)",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_\(key)", name: name,
                    valueTemplate: "{{ value_json.destinations | default([]) | map(attribute='\(key == "backlog" ? "pending" : key)') | sum }}",
                    stateTopic: topics.status, stateClass: "measurement", icon: icon
                )
                .with { $0.suggestedDisplayPrecision = 0 }
            )
        }
        func button(_ destination: String) -> (String, HAComponent) {
            let key = "\(id)_test_\(HADeviceConfig.objectID(destination))"
            return (
                key,
                HAComponent(
                    platform: "button", uniqueID: key, name: "Test \(destination)", commandTopic: topics.request("test"),
                    commandTemplate: testTemplate(destination: destination), payloadPress: "PRESS", icon: "mdi:message-check"
                )
                .with { $0.entityCategory = "diagnostic" }
            )
        }
        func toggle(_ destination: String) -> (String, HAComponent) {
            let key = "\(id)_enabled_\(HADeviceConfig.objectID(destination))"
            return (
                key,
                HAComponent(
                    platform: "switch", uniqueID: key, name: "Send to \(destination)",
                    valueTemplate: enabledTemplate(destination: destination), stateTopic: topics.status,
                    commandTopic: topics.destinationEnabledSet(destination), payloadOn: "ON", payloadOff: "OFF", stateOn: "ON",
                    stateOff: "OFF", icon: "mdi:bell-ring"
                )
                .with { $0.entityCategory = "config" }
            )
        }
        let components =
            [total("backlog", "Backlog", icon: "mdi:tray-full"), total("dead", "Dead deliveries", icon: "mdi:email-remove")]
            + destinations.map(button) + destinations.map(toggle)
        let device = HADevice(
            identifiers: [id], name: topics.cluster.map { "ProxBalance notifier (\($0))" } ?? "ProxBalance notifier", manufacturer: "ProxBalance",
            model: "Notifier", swVersion: version, configurationURL: consoleURL)
        let encoder = MessageCoding.makeEncoder()
        func config(_ components: [(String, HAComponent)], removing: [String]) throws -> MQTTMessage {
            var object =
                try JSONSerialization.jsonObject(
                    with: encoder.encode(
                        HADeviceConfig(
                            device: device, origin: HAOrigin(sw: version), stateTopic: nil, availabilityTopic: topics.availability,
                            components: Dictionary(uniqueKeysWithValues: components)))) as? [String: Any] ?? [:]
            var cmps = object["cmps"] as? [String: Any] ?? [:]
            for gone in removing {
                cmps["\(id)_test_\(HADeviceConfig.objectID(gone))"] = ["p": "button"]
                cmps["\(id)_enabled_\(HADeviceConfig.objectID(gone))"] = ["p": "switch"]
            }
            object["cmps"] = cmps
            return MQTTMessage(
                topic: HADeviceConfig.topic(objectID: id), data: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
                retain: true)
        }
        var messages: [MQTTMessage] = []
        if !removed.isEmpty { messages.append(try config(components, removing: removed)) }
        messages.append(try config(components, removing: []))
        return messages
    }
}
