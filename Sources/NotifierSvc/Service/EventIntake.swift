import Contract
import Foundation
import Logging
import MQTT
import SQLite

/// Stores what arrives on the bus before it is acknowledged to processing: each event, routed
/// to the destinations that want it, and each availability change (as a `service_offline` or
/// `service_online` event) go into the outbox in one transaction; then the workers are woken.
/// A malformed event is logged and skipped.
struct EventIntake: Sendable {
    let base: String
    let outbox: Outbox
    let store: NotifierStateStore
    let settings: SettingsBox
    let dispatcher: DeliveryDispatcher
    let clock: @Sendable () -> Date
    let logger: Logger

    /// Handles one message; returns once it is stored (or skipped).
    func receive(_ message: MQTTMessage) async {
        if message.topic.hasSuffix("/availability") {
            // The notifier's own availability (and anything that is not a service's) is skipped.
            guard let (service, cluster) = AvailabilityTransition.parse(topic: message.topic, base: base) else { return }
            await availability(message, service: service, cluster: cluster)
        } else {
            await event(message)
        }
    }

    private func event(_ message: MQTTMessage) async {
        guard !message.payload.isEmpty else { return }
        let event: BusEvent
        do {
            event = try MessageCoding.decode(BusEvent.self, from: message.payloadData)
        } catch {
            logger.error("event skipped: not a BusEvent", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
            return
        }
        let destinations = settings.current.destinations(for: event).map(\.id).filter { NotifierEvents.mayRoute(event, to: $0) }
        guard !destinations.isEmpty else { return }
        await store(event, for: destinations)
    }

    private func availability(_ message: MQTTMessage, service: ServiceName, cluster: String?) async {
        guard let state = message.payloadString?.trimmingCharacters(in: .whitespacesAndNewlines),
            state == MQTTMessage.onlinePayload || state == MQTTMessage.offlinePayload
        else { return }
        let previous: String?
        do {
            previous = try await store.availability(message.topic)
        } catch {
            logger.error("availability state not readable", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
            return
        }
        guard previous != state else { return }
        let now = clock()
        let remember = NotifierStateStore.storeAvailability(message.topic, state, at: now)
        guard
            let event = AvailabilityTransition.event(
                service: service, cluster: cluster, state: state, previous: previous, at: now)
        else {
            await store(nil, for: [], alongside: remember)
            return
        }
        logger.info("service availability changed", metadata: ["topic": "\(message.topic)", "state": "\(state)"])
        await store(event, for: settings.current.destinations(for: event).map(\.id), alongside: remember)
    }

    /// Stores `event` for `destinations` (and runs `extra` in the same transaction), retrying
    /// while the database is busy, then wakes the workers.
    private func store(
        _ event: BusEvent?, for destinations: [String], alongside extra: @escaping @Sendable (SQLiteDatabase) throws -> Void = { _ in }
    ) async {
        var delay = Duration.milliseconds(100)
        for attempt in 1...20 {
            do {
                let added: [String]
                if let event {
                    added = try await outbox.enqueue(event, for: destinations, at: clock(), alongside: extra)
                } else {
                    try await outbox.database.write { try extra($0) }
                    added = []
                }
                await dispatcher.ring(added)
                return
            } catch {
                logger.error(
                    "event not stored; retrying", metadata: ["event": "\(event?.id ?? "availability")", "attempt": "\(attempt)", "error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
