import Contract
import Foundation
import MQTT
import ScoringEngine

/// Scoring's Home Assistant device (`homeassistant/device/proxbalance_<cluster>_scoring/config`,
/// retained), one per cluster it serves: its status, the last plan's time, a `select` for the
/// sensitivity preset and `number` entities for the CPU threshold and the moves per plan, which
/// send partial settings to `{b}/scoring/settings/set` (the settings path every client uses). Pure.
public struct ScoringDiscovery: Sendable {
    /// Scoring's availability topic: `{b}/scoring/availability` for one cluster, else `<base>/…`.
    public var availabilityTopic: String
    public var version: String
    /// The console's address, the device's configuration URL.
    public var consoleURL: String?

    public init(availabilityTopic: String, version: String, consoleURL: String?) {
        self.availabilityTopic = availabilityTopic
        self.version = version
        self.consoleURL = consoleURL
    }

    /// The partial settings update a `number` sends for `value`: `path` (outer key first) set to
    /// it, as an integer when `integer`.
    static func settingTemplate(_ path: [String], integer: Bool) -> String {
        let value = integer ? "{{ value | int }}" : "{{ value }}"
        return path.reversed().reduce(value) { inner, key in "{\"\(key)\": \(inner)}" }
    }

    /// The retained discovery message of scoring's device for `topics`' cluster.
    public func message(topics: Topics) throws -> MQTTMessage {
        let id = HADeviceConfig.objectID("proxbalance", topics.cluster, "scoring")
        let available = [HAAvailability(topic: availabilityTopic)]
        func number(
            _ key: String, _ name: String, path: [String], range: ClosedRange<Double>, unit: String?, integer: Bool, icon: String
        )
            -> (String, HAComponent)
        {
            (
                "\(id)_\(key)",
                HAComponent(
                    platform: "number", uniqueID: "\(id)_\(key)", name: name,
                    valueTemplate: "{{ value_json.\(path.joined(separator: ".")) }}", stateTopic: topics.settings(.scoring),
                    commandTopic: topics.settingsSet(.scoring), commandTemplate: Self.settingTemplate(path, integer: integer), unit: unit,
                    icon: icon
                )
                .with {
                    $0.min = range.lowerBound
                    $0.max = range.upperBound
                    $0.step = 1
                    $0.mode = "box"
                    $0.entityCategory = "config"
                }
                .available(whenAll: available)
            )
        }
        let components: [(String, HAComponent)] = [
            (
                "\(id)_status",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_status", name: "Status",
                    valueTemplate: "{{ value if value in ['online', 'offline'] else 'unknown' }}", stateTopic: availabilityTopic,
                    icon: "mdi:lan-connect")
            ),
            (
                "\(id)_last_plan",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_last_plan", name: "Last plan", valueTemplate: "{{ value_json.generated_at }}",
                    stateTopic: topics.recommendations, deviceClass: "timestamp", icon: "mdi:clock-check"
                )
                .with { $0.entityCategory = "diagnostic" }
                .available(whenAll: available)
            ),
            (
                "\(id)_sensitivity",
                HAComponent(
                    platform: "select", uniqueID: "\(id)_sensitivity", name: "Sensitivity", valueTemplate: "{{ value_json.sensitivity }}",
                    stateTopic: topics.settings(.scoring), commandTopic: topics.settingsSet(.scoring),
                    commandTemplate: #"{"sensitivity": "{{ value }}"}"#, icon: "mdi:tune-variant"
                )
                .with {
                    $0.options = Sensitivity.allCases.map(\.rawValue)
                    $0.entityCategory = "config"
                }
                .available(whenAll: available)
            ),
            number(
                "cpu_threshold", "CPU threshold", path: ["penalties", "cpu_threshold"], range: 1...100, unit: "%", integer: false,
                icon: "mdi:cpu-64-bit"),
            number(
                "max_moves_per_plan", "Max moves per plan", path: ["max_moves_per_plan"], range: 1...1000, unit: nil, integer: true,
                icon: "mdi:swap-horizontal"),
        ]
        let config = HADeviceConfig(
            device: HADevice(
                identifiers: [id], name: "ProxBalance scoring (\(topics.cluster))", manufacturer: "ProxBalance", model: "Scoring",
                swVersion: version, configurationURL: consoleURL),
            origin: HAOrigin(sw: version), stateTopic: nil, availabilityTopic: nil, components: Dictionary(uniqueKeysWithValues: components))
        return MQTTMessage(topic: HADeviceConfig.topic(objectID: id), data: try MessageCoding.makeEncoder().encode(config), retain: true)
    }
}
