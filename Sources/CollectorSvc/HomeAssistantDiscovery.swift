import Foundation
import Shared

/// Home Assistant MQTT discovery for the nodes the collector publishes: one device per node
/// (`homeassistant/device/<id>/config`, retained) whose sensors read `{b}/nodes/<node>`.
/// Pure: builds messages, publishes nothing.
enum HomeAssistantDiscovery {
    static let prefix = "homeassistant"

    /// The discovery topic of one node's device.
    static func topic(node: String, topics: Topics) -> String {
        "\(prefix)/device/\(objectID(node: node, topics: topics))/config"
    }

    /// Discovery configs for `added` nodes and empty retained payloads that remove `removed` ones.
    static func messages(added: [String], removed: [String], topics: Topics, version: String) throws -> [MQTTMessage] {
        let encoder = MessageCoding.makeEncoder()
        var messages = try added.sorted().map { node in
            MQTTMessage(topic: topic(node: node, topics: topics), data: try encoder.encode(config(node: node, topics: topics, version: version)), retain: true)
        }
        messages += removed.sorted().map { MQTTMessage(topic: topic(node: $0, topics: topics), payload: [], retain: true) }
        return messages
    }

    /// Ids may only use `[a-zA-Z0-9_-]`.
    static func objectID(node: String, topics: Topics) -> String {
        "proxbalance_\(topics.cluster)_\(node)".map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }.reduce(into: "") { $0.append($1) }
    }

    private struct Config: Encodable {
        var device: Device
        var origin: Origin
        var stateTopic: String
        var availabilityTopic: String
        var components: [String: Component]

        enum CodingKeys: String, CodingKey {
            case device = "dev", origin = "o", stateTopic = "state_topic", availabilityTopic = "availability_topic", components = "cmps"
        }
    }

    private struct Device: Encodable {
        var identifiers: [String]
        var name: String
        var manufacturer = "Proxmox VE"
        var model = "Node"
        var viaDevice: String?

        enum CodingKeys: String, CodingKey {
            case identifiers = "ids", name, manufacturer = "mf", model = "mdl", viaDevice = "via_device"
        }
    }

    private struct Origin: Encodable {
        var name = "ProxBalance"
        var sw: String
    }

    private struct Component: Encodable {
        var platform: String
        var uniqueID: String
        var name: String
        var valueTemplate: String
        var unit: String?
        var deviceClass: String?
        var stateClass: String?
        var payloadOn: String?
        var payloadOff: String?

        enum CodingKeys: String, CodingKey {
            case platform = "p", uniqueID = "unique_id", name, valueTemplate = "value_template", unit = "unit_of_measurement"
            case deviceClass = "device_class", stateClass = "state_class", payloadOn = "payload_on", payloadOff = "payload_off"
        }
    }

    private static func config(node: String, topics: Topics, version: String) -> Config {
        let id = objectID(node: node, topics: topics)
        func sensor(_ key: String, _ name: String, unit: String? = nil, deviceClass: String? = nil) -> (String, Component) {
            ("\(id)_\(key)", Component(
                platform: "sensor", uniqueID: "\(id)_\(key)", name: name, valueTemplate: "{{ value_json.\(key) }}",
                unit: unit, deviceClass: deviceClass, stateClass: "measurement"))
        }
        let components: [(String, Component)] = [
            sensor("cpu_pct", "CPU", unit: "%"),
            sensor("memory_pct", "Memory", unit: "%"),
            sensor("iowait_pct", "IO wait", unit: "%"),
            sensor("load1", "Load (1 min)"),
            sensor("guests_running", "Guests running"),
            sensor("overcommit_ratio", "Memory committed ratio"),
            sensor("cpu_avg_day_pct", "CPU 24 h average", unit: "%"),
            ("\(id)_online", Component(
                platform: "binary_sensor", uniqueID: "\(id)_online", name: "Online",
                valueTemplate: "{{ 'ON' if value_json.status == 'online' else 'OFF' }}", deviceClass: "connectivity",
                payloadOn: "ON", payloadOff: "OFF")),
        ]
        return Config(
            device: Device(identifiers: [id], name: "\(node) (\(topics.cluster))"),
            origin: Origin(sw: version), stateTopic: topics.node(node), availabilityTopic: topics.availability(.collector),
            components: Dictionary(uniqueKeysWithValues: components))
    }
}
