import Contract
import Foundation
import MQTT

/// Home Assistant MQTT discovery for the nodes the collector publishes: one device per node
/// (`homeassistant/device/<id>/config`, retained) whose sensors read `{b}/nodes/<node>`.
/// Pure: builds messages, publishes nothing.
enum HomeAssistantDiscovery {
    /// The discovery topic of one node's device.
    static func topic(node: String, topics: Topics) -> String {
        HADeviceConfig.topic(objectID: objectID(node: node, topics: topics))
    }

    /// Discovery configs for `added` nodes and empty retained payloads that remove `removed` ones.
    static func messages(added: [String], removed: [String], topics: Topics, version: String) throws -> [MQTTMessage] {
        let encoder = MessageCoding.makeEncoder()
        var messages = try added.sorted().map { node in
            MQTTMessage(
                topic: topic(node: node, topics: topics), data: try encoder.encode(config(node: node, topics: topics, version: version)), retain: true
            )
        }
        messages += removed.sorted().map { MQTTMessage(topic: topic(node: $0, topics: topics), payload: [], retain: true) }
        return messages
    }

    /// Ids may only use `[a-zA-Z0-9_-]`.
    static func objectID(node: String, topics: Topics) -> String {
        HADeviceConfig.objectID("proxbalance", topics.cluster, node)
    }

    /// `ON` when scoring's retained `{b}/maintenance` lists `node`, else `OFF`.
    static func maintenanceTemplate(node: String) -> String {
        "{{ 'ON' if '\(node)' in (value_json.nodes | default([])) else 'OFF' }}"
    }

    private static func config(node: String, topics: Topics, version: String) -> HADeviceConfig {
        let id = objectID(node: node, topics: topics)
        func sensor(_ key: String, _ name: String, unit: String? = nil, deviceClass: String? = nil) -> (String, HAComponent) {
            (
                "\(id)_\(key)",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_\(key)", name: name, valueTemplate: "{{ value_json.\(key) }}",
                    unit: unit, deviceClass: deviceClass, stateClass: "measurement")
            )
        }
        let components: [(String, HAComponent)] = [
            sensor("cpu_pct", "CPU", unit: "%"),
            sensor("memory_pct", "Memory", unit: "%"),
            sensor("iowait_pct", "IO wait", unit: "%"),
            sensor("load1", "Load (1 min)"),
            sensor("guests_running", "Guests running"),
            sensor("overcommit_ratio", "Memory committed ratio"),
            sensor("cpu_avg_day_pct", "CPU 24 h average", unit: "%"),
            (
                "\(id)_online",
                HAComponent(
                    platform: "binary_sensor", uniqueID: "\(id)_online", name: "Online",
                    valueTemplate: "{{ 'ON' if value_json.status == 'online' else 'OFF' }}", deviceClass: "connectivity",
                    payloadOn: "ON", payloadOff: "OFF")
            ),
            (
                "\(id)_maintenance",
                HAComponent(
                    platform: "switch", uniqueID: "\(id)_maintenance", name: "Maintenance",
                    valueTemplate: maintenanceTemplate(node: node), stateTopic: topics.maintenance,
                    commandTopic: topics.maintenanceSet(node: node), payloadOn: "ON", payloadOff: "OFF", stateOn: "ON", stateOff: "OFF",
                    icon: "mdi:wrench")
            ),
        ]
        return HADeviceConfig(
            device: HADevice(identifiers: [id], name: "\(node) (\(topics.cluster))", manufacturer: "Proxmox VE", model: "Node"),
            origin: HAOrigin(sw: version), stateTopic: topics.node(node), availabilityTopic: topics.availability(.collector),
            components: Dictionary(uniqueKeysWithValues: components))
    }
}
