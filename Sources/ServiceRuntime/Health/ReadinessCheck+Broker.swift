import MQTT

extension ReadinessCheck {
    /// The service's own broker connection: ready while `mqtt` is connected, subscribed and has
    /// said `online` (`MQTTClient.isOnline`).
    static func broker(_ mqtt: MQTTClient) -> ReadinessCheck {
        ReadinessCheck("broker") {
            guard !mqtt.isOnline else { return nil }
            let broker = "\(mqtt.configuration.host):\(mqtt.configuration.port)"
            return switch mqtt.connectionState {
            case .idle, .connecting: "not connected to the broker \(broker) yet"
            case .connected: "connected to the broker \(broker), waiting for it to acknowledge the subscriptions"
            case .reconnecting(let error): "connection to the broker \(broker) lost (\(error)); reconnecting"
            case .closed: "disconnected from the broker \(broker)"
            }
        }
    }
}
