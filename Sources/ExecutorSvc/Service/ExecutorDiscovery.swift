public import Contract
import Foundation
public import MQTT

/// Home Assistant discovery for the executor: one device per cluster with switches for
/// automation and its dry run (they send partial settings to `{b}/executor/settings/set`) and
/// sensors for the last run and the migrations' success rate. Pure: builds the message.
public enum ExecutorDiscovery {
    /// The retained discovery message of `topics`' executor.
    public static func message(topics: Topics, version: String) throws -> MQTTMessage {
        let id = HADeviceConfig.objectID("proxbalance", topics.cluster, "executor")
        func toggle(_ key: String, _ name: String, icon: String) -> (String, HAComponent) {
            (
                "\(id)_\(key)",
                HAComponent(
                    platform: "switch", uniqueID: "\(id)_\(key)", name: name,
                    valueTemplate: "{{ 'ON' if value_json.\(key) else 'OFF' }}", stateTopic: topics.settings(.executor),
                    commandTopic: topics.settingsSet(.executor), payloadOn: #"{"\#(key)":true}"#, payloadOff: #"{"\#(key)":false}"#,
                    stateOn: "ON", stateOff: "OFF", icon: icon)
            )
        }
        func sensor(_ key: String, _ name: String, topic: String, template: String, unit: String? = nil, icon: String) -> (String, HAComponent) {
            (
                "\(id)_\(key)",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_\(key)", name: name, valueTemplate: template, stateTopic: topic, unit: unit,
                    icon: icon)
            )
        }
        let components: [(String, HAComponent)] = [
            toggle("enabled", "Automation", icon: "mdi:robot"),
            toggle("dry_run", "Automation dry run", icon: "mdi:test-tube"),
            sensor("status", "Automation status", topic: topics.automationState, template: "{{ value_json.status }}", icon: "mdi:list-status"),
            sensor(
                "summary", "Automation summary", topic: topics.automationState, template: "{{ value_json.summary[:250] }}",
                icon: "mdi:text"),
            sensor(
                "success_rate", "Migration success rate", topic: topics.outcomes,
                template: "{{ value_json.success_rate_pct | default('unknown') }}", unit: "%", icon: "mdi:check-decagram"),
        ]
        let config = HADeviceConfig(
            device: HADevice(identifiers: [id], name: "ProxBalance executor (\(topics.cluster))", manufacturer: "ProxBalance", model: "Executor"),
            origin: HAOrigin(sw: version), stateTopic: nil, availabilityTopic: topics.availability(.executor),
            components: Dictionary(uniqueKeysWithValues: components))
        return MQTTMessage(
            topic: HADeviceConfig.topic(objectID: id), data: try MessageCoding.makeEncoder().encode(config), retain: true)
    }
}
