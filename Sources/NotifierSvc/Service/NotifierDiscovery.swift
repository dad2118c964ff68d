import Contract
import Foundation
import MQTT

/// The notifier's Home Assistant device (`homeassistant/device/proxbalance_<cluster>_notifier/config`,
/// or `proxbalance_notifier` for a notifier serving every cluster), retained: the backlog and
/// dead deliveries (from the retained `…/notifier/status`) and a button per destination that
/// sends it a test message (the `test` request). Pure.
public enum NotifierDiscovery {
    static func objectID(topics: NotifierTopics) -> String {
        topics.cluster.map { HADeviceConfig.objectID("proxbalance", $0, "notifier") } ?? HADeviceConfig.objectID("proxbalance", "notifier")
    }

    /// The `test` request of a press: a new id per press, for `destination`.
    static func testTemplate(destination: String) -> String {
        #"{"id":"ha-{{ (now().timestamp() * 1000000) | int }}","destination":"\#(destination)"}"#
    }

    /// The device config for `destinations`; buttons of `removed` ones first go as bare
    /// `{"p":"button"}` components, which makes Home Assistant delete them.
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
        let components =
            [total("backlog", "Backlog", icon: "mdi:tray-full"), total("dead", "Dead deliveries", icon: "mdi:email-remove")]
            + destinations.map(button)
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
            for gone in removing { cmps["\(id)_test_\(HADeviceConfig.objectID(gone))"] = ["p": "button"] }
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
