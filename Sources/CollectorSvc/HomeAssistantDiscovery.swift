import Contract
import Foundation
import MQTT

/// Home Assistant MQTT discovery for what the collector publishes: one device per node
/// (`homeassistant/device/<id>/config`, retained) whose sensors read `{b}/nodes/<node>`, plus
/// scoring's view of the node, and the cluster device (`ClusterDiscovery`). Pure: builds
/// messages, publishes nothing.
enum HomeAssistantDiscovery {
    /// What every config is built from.
    struct Setup: Sendable {
        var topics: Topics
        var version: String
        /// The collection interval: entities that read a snapshot expire after three.
        var intervalSeconds: Double
        /// The Proxmox web interface, the nodes' `configuration_url`.
        var pveURL: String?
        /// The ProxBalance console, the cluster device's `configuration_url`.
        var consoleURL: String?

        /// Three collection intervals, in whole seconds: after that a snapshot is stale.
        var expireAfter: Int { Int((3 * intervalSeconds).rounded(.up)) }
    }

    /// The discovery topic of one node's device.
    static func topic(node: String, topics: Topics) -> String {
        HADeviceConfig.topic(objectID: objectID(node: node, topics: topics))
    }

    /// Discovery configs for `added` nodes and empty retained payloads that remove `removed`
    /// ones; with `cluster`, the cluster device's config first.
    static func messages(added: [String], removed: [String], cluster: Bool, setup: Setup) throws -> [MQTTMessage] {
        let encoder = MessageCoding.makeEncoder()
        var messages: [MQTTMessage] = []
        if cluster {
            let config = ClusterDiscovery.config(setup: setup)
            messages.append(
                MQTTMessage(
                    topic: HADeviceConfig.topic(objectID: ClusterDiscovery.objectID(topics: setup.topics)), data: try encoder.encode(config),
                    retain: true))
        }
        messages += try added.sorted().map { node in
            MQTTMessage(topic: topic(node: node, topics: setup.topics), data: try encoder.encode(config(node: node, setup: setup)), retain: true)
        }
        messages += removed.sorted().map { MQTTMessage(topic: topic(node: $0, topics: setup.topics), payload: [], retain: true) }
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

    /// `key` of the node's `score` in scoring's `{b}/scores`, or `None` (unknown) when the
    /// report does not list the node.
    static func scoreTemplate(node: String, key: String) -> String {
        "{% set n = value_json.nodes | default([]) | selectattr('node', 'eq', '\(node)') | first %}"
            + "{{ n.score.\(key) if n is defined and n.score is defined else None }}"
    }

    /// A field of `node`'s entry in `{b}/scores` itself (its state, its CPU trend), `None` while
    /// scoring has none.
    static func scoresEntryTemplate(node: String, key: String) -> String {
        "{% set n = value_json.nodes | default([]) | selectattr('node', 'eq', '\(node)') | first %}"
            + "{{ n.\(key) if n is defined and n.\(key) is defined and n.\(key) is not none else None }}"
    }

    private static func config(node: String, setup: Setup) -> HADeviceConfig {
        let topics = setup.topics
        let id = objectID(node: node, topics: topics)
        let collector = HAAvailability.service(.collector, topics: topics)
        /// A metric of the node: unavailable while the node is offline or the snapshot is stale.
        func metric(_ key: String, _ name: String, unit: String? = nil, precision: Int, icon: String? = nil) -> (String, HAComponent) {
            (
                "\(id)_\(key)",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_\(key)", name: name, valueTemplate: "{{ value_json.\(key) | default(None) }}",
                    unit: unit, stateClass: "measurement", icon: icon
                )
                .with {
                    $0.suggestedDisplayPrecision = precision
                    $0.expireAfter = setup.expireAfter
                }
                .available(whenAll: [collector, .nodeOnline(node, topics: topics)])
            )
        }
        func score(_ key: String, _ name: String, icon: String) -> (String, HAComponent) {
            (
                "\(id)_\(key)",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_\(key)", name: name, valueTemplate: scoreTemplate(node: node, key: key),
                    stateTopic: topics.scores, stateClass: "measurement", icon: icon
                )
                .with { $0.suggestedDisplayPrecision = 1 }
                .availableWithScoring(topics: topics)
            )
        }
        let components: [(String, HAComponent)] = [
            metric("cpu_pct", "CPU", unit: "%", precision: 1, icon: "mdi:cpu-64-bit"),
            metric("memory_pct", "Memory", unit: "%", precision: 1, icon: "mdi:memory"),
            metric("iowait_pct", "IO wait", unit: "%", precision: 1, icon: "mdi:harddisk"),
            metric("load1", "Load (1 min)", precision: 2, icon: "mdi:gauge"),
            metric("guests_running", "Guests running", precision: 0, icon: "mdi:server"),
            metric("overcommit_ratio", "Memory committed ratio", precision: 2, icon: "mdi:memory"),
            metric("cpu_avg_day_pct", "CPU 24 h average", unit: "%", precision: 1, icon: "mdi:cpu-64-bit"),
            score("total", "Score", icon: "mdi:scale-balance"),
            score("suitability", "Suitability", icon: "mdi:target"),
            (
                "\(id)_state",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_state", name: "Load state",
                    valueTemplate: scoresEntryTemplate(node: node, key: "state"), stateTopic: topics.scores, icon: "mdi:chart-line"
                )
                .availableWithScoring(topics: topics)
            ),
            (
                "\(id)_cpu_trend",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_cpu_trend", name: "CPU trend",
                    valueTemplate: scoresEntryTemplate(node: node, key: "cpu_trend_pct_per_day"), stateTopic: topics.scores,
                    stateClass: "measurement", icon: "mdi:trending-up"
                )
                .with {
                    $0.unit = "%/d"
                    $0.suggestedDisplayPrecision = 2
                }
                .availableWithScoring(topics: topics)
            ),
            (
                "\(id)_online",
                HAComponent(
                    platform: "binary_sensor", uniqueID: "\(id)_online", name: "Online",
                    valueTemplate: "{{ 'ON' if value_json.status | default('') == 'online' else 'OFF' }}", deviceClass: "connectivity",
                    payloadOn: "ON", payloadOff: "OFF"
                )
                .with { $0.expireAfter = setup.expireAfter }
                .available(whenAll: [collector])
            ),
            (
                "\(id)_ha_maintenance",
                HAComponent(
                    platform: "binary_sensor", uniqueID: "\(id)_ha_maintenance", name: "Proxmox HA maintenance",
                    valueTemplate: "{{ 'ON' if value_json.ha_maintenance | default(false) else 'OFF' }}", payloadOn: "ON",
                    payloadOff: "OFF", icon: "mdi:wrench-clock"
                )
                .with {
                    $0.expireAfter = setup.expireAfter
                    $0.entityCategory = "diagnostic"
                }
                .available(whenAll: [collector])
            ),
            (
                "\(id)_in_maintenance",
                HAComponent(
                    platform: "binary_sensor", uniqueID: "\(id)_in_maintenance", name: "In maintenance",
                    valueTemplate: maintenanceTemplate(node: node), stateTopic: topics.maintenance, payloadOn: "ON", payloadOff: "OFF",
                    icon: "mdi:wrench"
                )
                .availableWithScoring(topics: topics)
            ),
            (
                "\(id)_maintenance",
                HAComponent(
                    platform: "switch", uniqueID: "\(id)_maintenance", name: "Maintenance",
                    valueTemplate: maintenanceTemplate(node: node), stateTopic: topics.maintenance,
                    commandTopic: topics.maintenanceSet(node: node), payloadOn: "ON", payloadOff: "OFF", stateOn: "ON", stateOff: "OFF",
                    icon: "mdi:wrench"
                )
                .availableWithScoring(topics: topics)
            ),
        ]
        return HADeviceConfig(
            device: HADevice(
                identifiers: [id], name: "\(node) (\(topics.cluster))", manufacturer: "Proxmox VE", model: "Node",
                configurationURL: setup.pveURL),
            origin: HAOrigin(sw: setup.version), stateTopic: topics.node(node), availabilityTopic: nil,
            components: Dictionary(uniqueKeysWithValues: components))
    }
}
