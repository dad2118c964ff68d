/// MQTT delivery guarantee of a publish or subscription.
public enum MQTTQoS: Int32, Sendable, CaseIterable, Comparable {
    /// Fire and forget: may be lost, never duplicated.
    case atMostOnce = 0
    /// Acknowledged by the broker: never lost while the session lives, may be duplicated.
    case atLeastOnce = 1
    /// Four-way handshake: delivered exactly once.
    case exactlyOnce = 2

    public static func < (lhs: MQTTQoS, rhs: MQTTQoS) -> Bool { lhs.rawValue < rhs.rawValue }
}
