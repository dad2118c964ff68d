import MQTT
import Primitives

/// Something that publishes MQTT messages: the real client, or a recorder in unit tests.
public protocol MessagePublishing: Sendable {
    /// Publishes one message; at QoS 1 returns once the broker acknowledged it.
    func publish(_ message: MQTTMessage) async throws
}

extension MessagePublishing {
    /// Publishes `messages` with up to `inFlight` unacknowledged at once, and returns the
    /// failures (topic and error) instead of stopping at the first one.
    public func publishAll(_ messages: [MQTTMessage], inFlight: Int = 256) async -> [(topic: String, error: any Error)] {
        let results = await concurrentMap(messages, limit: inFlight) { message -> (String, (any Error)?) in
            do {
                try await self.publish(message)
                return (message.topic, nil)
            } catch {
                return (message.topic, error)
            }
        }
        return results.compactMap { topic, error in error.map { (topic, $0) } }
    }
}

extension MQTTClient: MessagePublishing {}
