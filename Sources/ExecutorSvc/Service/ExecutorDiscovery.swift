public import Contract
import Foundation
public import MQTT

/// Home Assistant discovery for the executor: one device per cluster with switches for
/// automation and its dry run (they send partial settings to `{b}/executor/settings/set`) and
/// sensors for the last run and the migrations' success rate. Pure: builds the message.
public enum ExecutorDiscovery {
    /// The success rate, or `None` (HA: unknown, which a `%` sensor accepts, unlike the string
    /// `unknown`) while there is none.
    static let successRateTemplate =
        "{{ value_json.success_rate_pct if value_json.success_rate_pct is defined and value_json.success_rate_pct is number else None }}"

    /// The `run_automation` command of a press: commands are carried out once per `id`, so each
    /// press gets its own (`ha-` and the time in microseconds).
    static let runAutomationTemplate = #"{"id":"ha-{{ (now().timestamp() * 1000000) | int }}","requested_by":"homeassistant"}"#

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
                template: successRateTemplate, unit: "%", icon: "mdi:check-decagram"),
            (
                "\(id)_run_automation",
                HAComponent(
                    platform: "button", uniqueID: "\(id)_run_automation", name: "Run automation now",
                    commandTopic: topics.request(.executor, op: "run_automation"), commandTemplate: runAutomationTemplate,
                    payloadPress: "PRESS", icon: "mdi:play")
            ),
        ]
        let config = HADeviceConfig(
            device: HADevice(identifiers: [id], name: "ProxBalance executor (\(topics.cluster))", manufacturer: "ProxBalance", model: "Executor"),
            origin: HAOrigin(sw: version), stateTopic: nil, availabilityTopic: topics.availability(.executor),
            components: Dictionary(uniqueKeysWithValues: components))
        return MQTTMessage(
            topic: HADeviceConfig.topic(objectID: id), data: try MessageCoding.makeEncoder().encode(config), retain: true)
    }
}
