import Contract

/// The cluster's Home Assistant device (`homeassistant/device/proxbalance_<cluster>/config`),
/// announced by the collector: it owns the cluster snapshot (quorum, nodes, collection time)
/// and publishes discovery already; the plan entities read scoring's retained
/// `{b}/recommendations` and are available while scoring is. Pure.
enum ClusterDiscovery {
    static func objectID(topics: Topics) -> String {
        HADeviceConfig.objectID("proxbalance", topics.cluster)
    }

    /// `ON` when the snapshot was already older than three collection intervals when it arrived.
    static let staleTemplate =
        "{{ 'ON' if (now() - as_datetime(value_json.collected_at)).total_seconds() > 3 * value_json.collection.interval_seconds else 'OFF' }}"

    /// `key` of the plan's `summary`, or `None` (unknown) when the plan has none.
    static func summaryTemplate(_ key: String) -> String {
        "{{ (value_json.summary | default({})).\(key) | default(None) }}"
    }

    /// The plan's `urgent` events as Home Assistant events (other kinds are ignored).
    static let urgentEventTemplate =
        "{{ {'event_type': value_json.kind, 'title': value_json.title, 'severity': value_json.severity} | tojson if value_json.kind == 'urgent' else '' }}"

    static func config(setup: HomeAssistantDiscovery.Setup) -> HADeviceConfig {
        let topics = setup.topics
        let id = objectID(topics: topics)
        let collector = HAAvailability.service(.collector, topics: topics)
        func plan(_ key: String, _ name: String, template: String, precision: Int? = nil, icon: String) -> (String, HAComponent) {
            (
                "\(id)_\(key)",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_\(key)", name: name, valueTemplate: template, stateTopic: topics.recommendations,
                    stateClass: precision == nil ? nil : "measurement", icon: icon
                )
                .with { $0.suggestedDisplayPrecision = precision }
                .availableWithScoring(topics: topics)
            )
        }
        let components: [(String, HAComponent)] = [
            plan("health", "Health", template: summaryTemplate("cluster_health_before"), precision: 1, icon: "mdi:heart-pulse"),
            plan("health_after_plan", "Health after plan", template: summaryTemplate("cluster_health_after"), precision: 1, icon: "mdi:heart-plus"),
            plan("plan_status", "Plan status", template: "{{ value_json.status | default(None) }}", icon: "mdi:list-status"),
            plan(
                "pending_moves", "Pending moves", template: "{{ value_json.recommendations | default([]) | length }}", precision: 0,
                icon: "mdi:swap-horizontal"),
            plan("urgency", "Urgency", template: summaryTemplate("urgency"), icon: "mdi:alert-decagram"),
            (
                "\(id)_quorate",
                HAComponent(
                    platform: "binary_sensor", uniqueID: "\(id)_quorate", name: "Quorate",
                    valueTemplate: "{{ 'ON' if value_json.quorum.quorate else 'OFF' }}", payloadOn: "ON", payloadOff: "OFF",
                    icon: "mdi:vote"
                )
                .with { $0.expireAfter = setup.expireAfter }
                .available(whenAll: [collector])
            ),
            (
                "\(id)_nodes_online",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_nodes_online", name: "Nodes online",
                    valueTemplate: "{{ value_json.quorum.nodes_online }}", stateClass: "measurement", icon: "mdi:server-network"
                )
                .with {
                    $0.suggestedDisplayPrecision = 0
                    $0.expireAfter = setup.expireAfter
                }
                .available(whenAll: [collector])
            ),
            (
                "\(id)_last_collection",
                HAComponent(
                    platform: "sensor", uniqueID: "\(id)_last_collection", name: "Last collection",
                    valueTemplate: "{{ value_json.collected_at }}", deviceClass: "timestamp", icon: "mdi:clock-check"
                )
                .with { $0.entityCategory = "diagnostic" }
                .available(whenAll: [collector])
            ),
            (
                "\(id)_data_stale",
                HAComponent(
                    platform: "binary_sensor", uniqueID: "\(id)_data_stale", name: "Data stale", valueTemplate: staleTemplate,
                    deviceClass: "problem", payloadOn: "ON", payloadOff: "OFF"
                )
                .with { $0.entityCategory = "diagnostic" }
                .available(whenAll: [collector])
            ),
            (
                "\(id)_urgent_recommendation",
                HAComponent(
                    platform: "event", uniqueID: "\(id)_urgent_recommendation", name: "Urgent recommendation",
                    valueTemplate: urgentEventTemplate, stateTopic: topics.events(.recommendations), icon: "mdi:alert"
                )
                .with { $0.eventTypes = ["urgent"] }
                .availableWithScoring(topics: topics)
            ),
        ]
        return HADeviceConfig(
            device: HADevice(
                identifiers: [id], name: "ProxBalance \(topics.cluster)", manufacturer: "ProxBalance", model: "Cluster",
                swVersion: setup.version, configurationURL: setup.consoleURL),
            origin: HAOrigin(sw: setup.version), stateTopic: topics.clusterState, availabilityTopic: nil,
            components: Dictionary(uniqueKeysWithValues: components))
    }
}
