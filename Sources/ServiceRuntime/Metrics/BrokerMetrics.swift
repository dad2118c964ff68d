import Metrics

/// The service client's metrics: how long publishes take (to the broker's acknowledgement at
/// QoS 1 and 2) and how often the connection came back after it was lost.
struct BrokerMetrics: Sendable {
    private let publishDuration: Timer
    private let reconnects: Counter

    init(factory: any MetricsFactory) {
        publishDuration = Timer(label: "proxbalance_mqtt_publish_duration_seconds", factory: factory)
        reconnects = Counter(label: "proxbalance_mqtt_reconnects_total", factory: factory)
    }

    func published(after duration: Duration) { publishDuration.record(duration: duration) }

    func reconnected() { reconnects.increment() }
}
