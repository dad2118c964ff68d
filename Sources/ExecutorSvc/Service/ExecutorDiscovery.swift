public import Contract
import Foundation
public import MQTT

/// Home Assistant discovery for the executor: one device per cluster with switches for
/// automation and its dry run (they send partial settings to `{b}/executor/settings/set`),
/// sensors for the last run, the migration in progress, the last migration and the migrations'
/// success rate, and an event entity for completed and failed migrations. Pure: builds the message.
public enum ExecutorDiscovery {
    /// The success rate, or `None` (HA: unknown, which a `%` sensor accepts, unlike the string
    /// `unknown`) while there is none.
    static let successRateTemplate =
        "{{ value_json.success_rate_pct if value_json.success_rate_pct is defined and value_json.success_rate_pct is number else None }}"

    /// The `run_automation` command of a press: commands are carried out once per `id`, so each
    /// press gets its own (`ha-` and the time in microseconds).
    static let runAutomationTemplate = #"{"id":"ha-{{ (now().timestamp() * 1000000) | int }}","requested_by":"homeassistant"}"#

    /// The guest of a migration that is queued, validating or running (not a dry run), else `idle`.
    static let inProgressTemplate =
        "{% if value_json is defined and value_json.state | default('') in ['queued', 'validating', 'running'] and not (value_json.dry_run | default(false)) %}"
        + "{{ value_json.name | default('guest') }} ({{ value_json.vmid }}){% else %}idle{% endif %}"

    /// The migration's target, state and progress as attributes.
    static let inProgressAttributes =
        "{{ {'migration_id': value_json.id, 'source': value_json.source, 'target': value_json.target, 'state': value_json.state, "
        + "'percent': (value_json.progress | default({})).percent | default(None)} | tojson if value_json is defined else '{}' }}"

    /// The title of the last migration that ended (completed, failed, cancelled, rolled back);
    /// a `started` event keeps the state.
    static let lastMigrationTemplate =
        "{{ value_json.title[:250] if value_json.kind in ['completed', 'failed', 'cancelled', 'rolled_back'] else this.state }}"

    /// Completed and failed migrations as Home Assistant events (other kinds are ignored).
    static let migrationEventTemplate =
        "{{ {'event_type': value_json.kind, 'title': value_json.title, 'message': value_json.message} | tojson "
        + "if value_json.kind in ['completed', 'failed'] else '' }}"

    /// The retained discovery message of `topics`' executor; `consoleURL` is the device's
    /// configuration URL.
    public static func message(topics: Topics, version: String, consoleURL: String? = nil) throws -> MQTTMessage {
        let id = HADeviceConfig.objectID("proxbalance", topics.cluster, "executor")
        func toggle(_ key: String, _ name: String, icon: String, category: String? = nil) -> (String, HAComponent) {
            (
                "\(id)_\(key)",
                HAComponent(
                    platform: "switch", uniqueID: "\(id)_\(key)", name: name,
                    valueTemplate: "{{ 'ON' if value_json.\(key) else 'OFF' }}", stateTopic: topics.settings(.executor),
                    commandTopic: topics.settingsSet(.executor), payloadOn: #"{"\#(key)":true}"#, payloadOff: #"{"\#(key)":false}"#,
                    stateOn: "ON", stateOff: "OFF", icon: icon
                )
                .with { $0.entityCategory = category }
            )
        }
        func sensor(_ key: String, _ name: String, topic: String, template: String, icon: String) -> (String, HAComponent) {
            (
                "\(id)_\(key)",
                HAComponent(platform: "sensor", uniqueID: "\(id)_\(key)", name: name, valueTemplate: template, stateTopic: topic, icon: icon)
            )
        }
        let components: [(String, HAComponent)] = [
            toggle("enabled", "Automation", icon: "mdi:robot"),
            toggle("dry_run", "Automation dry run", icon: "mdi:test-tube", category: "config"),
            sensor("status", "Automation status", topic: topics.automationState, template: "{{ value_json.status }}", icon: "mdi:list-status"),
            sensor(
                "summary", "Automation summary", topic: topics.automationState, template: "{{ value_json.summary[:250] }}",
                icon: "mdi:text"),
            (
                "\(id)_success_rate",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_success_rate", name: "Migration success rate", valueTemplate: successRateTemplate,
                    stateTopic: topics.outcomes, unit: "%", stateClass: "measurement", icon: "mdi:check-decagram"
                )
                .with {
                    $0.suggestedDisplayPrecision = 1
                    $0.entityCategory = "diagnostic"
                }
            ),
            (
                "\(id)_migration_in_progress",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_migration_in_progress", name: "Migration in progress",
                    valueTemplate: inProgressTemplate, stateTopic: topics.migration("+"), icon: "mdi:truck-fast"
                )
                .with {
                    $0.jsonAttributesTopic = topics.migration("+")
                    $0.jsonAttributesTemplate = inProgressAttributes
                }
            ),
            sensor(
                "last_migration", "Last migration", topic: topics.events(.migrations), template: lastMigrationTemplate, icon: "mdi:history"),
            (
                "\(id)_migration",
                HAComponent(
                    platform: "event", uniqueID: "\(id)_migration", name: "Migration", valueTemplate: migrationEventTemplate,
                    stateTopic: topics.events(.migrations), icon: "mdi:swap-horizontal"
                )
                .with { $0.eventTypes = ["completed", "failed"] }
            ),
            (
                "\(id)_run_automation",
                HAComponent(
                    platform: "button", uniqueID: "\(id)_run_automation", name: "Run automation now",
                    commandTopic: topics.request(.executor, op: "run_automation"), commandTemplate: runAutomationTemplate,
                    payloadPress: "PRESS", icon: "mdi:play")
            ),
        ]
        let config = HADeviceConfig(
            device: HADevice(
                identifiers: [id], name: "ProxBalance executor (\(topics.cluster))", manufacturer: "ProxBalance", model: "Executor",
                swVersion: version, configurationURL: consoleURL),
            origin: HAOrigin(sw: version), stateTopic: nil, availabilityTopic: topics.availability(.executor),
            components: Dictionary(uniqueKeysWithValues: components))
        return MQTTMessage(
            topic: HADeviceConfig.topic(objectID: id), data: try MessageCoding.makeEncoder().encode(config), retain: true)
    }
}
