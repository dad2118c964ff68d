import MQTT

/// A service's retained availability (`online` / `offline`), watched from one subscription:
/// the one signal tests wait on before talking to a service they started.
///
/// ```swift
/// let watch = try await AvailabilityWatch(client, topic: topics.availability(.executor))
/// let process = try BuiltExecutable.start("pb-executor", [], environment: environment)
/// try await watch.online()      // subscribed: a request sent now is received
/// ```
public struct AvailabilityWatch: Sendable {
    public let topic: String
    private let subscription: MQTTSubscription

    /// Subscribes to `topic` on `client`. Clear a previous run's retained state first
    /// (`clear(_:topic:)`) when the service may have announced itself before.
    public init(_ client: MQTTClient, topic: String) async throws {
        self.topic = topic
        subscription = try await client.subscribe(topic)
    }

    /// Removes the retained availability on `topic`, so only a new announcement counts.
    public static func clear(_ client: MQTTClient, topic: String) async throws {
        try await client.publish(MQTTMessage(topic: topic, payload: [], retain: true))
    }

    /// Waits for the next `online`, failing after `timeout`.
    public func online(within timeout: Duration = .seconds(20)) async throws {
        _ = try await subscription.next(within: timeout) { $0.payloadString == MQTTMessage.onlinePayload }
    }

    /// Waits for the next `offline`, failing after `timeout`.
    public func offline(within timeout: Duration = .seconds(20)) async throws {
        _ = try await subscription.next(within: timeout) { $0.payloadString == MQTTMessage.offlinePayload }
    }
}
