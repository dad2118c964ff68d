public import Contract
import Foundation
public import Logging
public import MQTT
public import ServiceRuntime

/// Publishes migration states (retained on `{b}/migrations/<id>`) and their events. A failed
/// publish is logged; the journal keeps the truth and the next state is published again.
public struct MigrationPublisher: Sendable {
    private let bus: any MessagePublishing
    private let topics: Topics
    private let logger: Logger

    public init(bus: any MessagePublishing, topics: Topics, logger: Logger) {
        self.bus = bus
        self.topics = topics
        self.logger = logger
    }

    /// Publishes the retained state of `status`.
    public func state(_ status: MigrationStatus) async {
        await send(status, to: topics.migration(status.id), retain: true)
    }

    /// Clears the retained state of migration `id` from the bus.
    /// - Throws: when the broker did not take the empty retained message.
    public func clearState(_ id: String) async throws {
        try await bus.publish(MQTTMessage(topic: topics.migration(id), payload: [], retain: true))
    }

    /// Publishes the event of `status`'s current state, if it has one.
    public func event(_ status: MigrationStatus, reason: String?) async {
        guard let event = MigrationEvents.event(for: status, reason: reason) else { return }
        await send(event, to: topics.events(.migrations), retain: false)
    }

    /// Publishes any contract value as JSON.
    public func send(_ value: some Encodable, to topic: String, retain: Bool) async {
        do {
            try await bus.publish(
                MQTTMessage(topic: topic, data: try MessageCoding.encode(value), retain: retain, contentType: "application/json"))
        } catch {
            logger.warning("publish failed", metadata: ["topic": "\(topic)", "error": "\(error)"])
        }
    }
}
