import Contract
import Foundation
import Logging
import MQTT
import ServiceRuntime

/// Keeps the notifier's retained status and Home Assistant device current: the status when
/// the outbox counts or destinations change, the device when the destinations change, both
/// again on `republish()` (Home Assistant started, or the broker connection came back).
actor NotifierAnnouncer {
    private let bus: any MessagePublishing
    private let topics: NotifierTopics
    private let consoleURL: String?
    private let logger: Logger
    private var lastStatus: NotifierStatus?
    /// The destinations the published device has buttons for (`nil`: nothing published yet).
    private var announced: [String]?

    init(bus: any MessagePublishing, topics: NotifierTopics, consoleURL: String?, logger: Logger) {
        self.bus = bus
        self.topics = topics
        self.consoleURL = consoleURL
        self.logger = logger
    }

    /// Publishes `status` when it changed (or `force`), and the device when the destinations did.
    func update(_ status: NotifierStatus, force: Bool = false) async {
        if force || status != lastStatus {
            do {
                try await bus.publish(MQTTMessage(topic: topics.status, data: try MessageCoding.encode(Versioned(status)), retain: true))
                lastStatus = status
            } catch {
                logger.warning("notifier status not published", metadata: ["error": "\(error)"])
            }
        }
        let destinations = status.destinations.map(\.id)
        guard force || destinations != announced else { return }
        do {
            let removed = (announced ?? []).filter { !destinations.contains($0) }
            let messages = try NotifierDiscovery.messages(
                topics: topics, destinations: destinations, removed: removed, version: ProductVersion.current, consoleURL: consoleURL)
            for message in messages { try await bus.publish(message) }
            announced = destinations
        } catch {
            logger.warning("Home Assistant discovery not published", metadata: ["error": "\(error)"])
        }
    }

    /// The last status again, with the device (nothing before the first `update`).
    func republish() async {
        guard let lastStatus else { return }
        await update(lastStatus, force: true)
    }
}
