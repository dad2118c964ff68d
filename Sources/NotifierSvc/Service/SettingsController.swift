import Contract
import Foundation
import Logging
import MQTT
import ServiceRuntime

/// Owns changes to the settings, one at a time: from the destinations file at start, from
/// `settings/set` and the destinations' `enabled/set` on the bus, and from the workers when a webhook is gone. Each change is
/// stored, put in force, published retained (redacted) and handed to the workers.
actor SettingsController {
    let box: SettingsBox
    private let store: NotifierStateStore
    private let outbox: Outbox
    private let bus: any MessagePublishing
    private let topics: NotifierTopics
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private var dispatcher: DeliveryDispatcher?

    init(
        box: SettingsBox, store: NotifierStateStore, outbox: Outbox, bus: any MessagePublishing, topics: NotifierTopics,
        clock: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.box = box
        self.store = store
        self.outbox = outbox
        self.bus = bus
        self.topics = topics
        self.clock = clock
        self.logger = logger
    }

    /// Loads the stored settings, or those of the destinations file when it is new or changed.
    func load(configuration: NotifierConfiguration) async throws {
        var settings = try await store.loadSettings() ?? NotifierSettings()
        if let (fromFile, hash) = try configuration.loadDestinationsFile(), try await store.appliedFileHash() != hash {
            settings = fromFile
            try await store.saveSettings(settings, fileHash: hash, at: clock())
            logger.info("destinations file applied", metadata: ["destinations": "\(settings.destinations.map(\.id))"])
        }
        box.set(settings)
    }

    /// Starts delivering with `dispatcher`.
    func start(_ dispatcher: DeliveryDispatcher) async {
        self.dispatcher = dispatcher
        await dispatcher.sync()
    }

    /// Applies a `settings/set` payload; returns the new settings redacted, or why not.
    func update(_ payload: Data) async -> Result<NotifierSettings, ReplyError> {
        await change { current throws(ReplyError) in try NotifierSettingsUpdate.apply(payload, to: current) }
    }

    /// Switches destination `id` on or off (an `enabled/set` command); returns the new settings
    /// redacted, or why not (`notFound` for an unknown destination).
    func setEnabled(_ id: String, _ enabled: Bool) async -> Result<NotifierSettings, ReplyError> {
        await change { current throws(ReplyError) in try NotifierSettingsUpdate.enabling(id, enabled, in: current) }
    }

    /// Applies `make` to the settings in force, then stores, enforces and publishes the result.
    private func change(_ make: (NotifierSettings) throws(ReplyError) -> NotifierSettings) async -> Result<NotifierSettings, ReplyError> {
        let previous = box.current
        let updated: NotifierSettings
        do {
            updated = try make(previous)
        } catch {
            return .failure(error)
        }
        do {
            try await store.saveSettings(updated, at: clock())
        } catch {
            logger.error("settings not stored", metadata: ["error": "\(error)"])
            return .failure(.internal("the settings could not be stored: \(error)"))
        }
        box.set(updated)
        await abandonRemoved(previous: previous, updated: updated)
        await dispatcher?.sync()
        await publish()
        logger.info("settings updated", metadata: ["destinations": "\(updated.destinations.map(\.id))"])
        return .success(updated.redacted)
    }

    /// Switches `id` off because its webhook is gone; returns false when it already was off.
    func disable(_ id: String, reason: String) async -> Bool {
        guard box.current.destination(id)?.enabled == true else { return false }
        let updated = box.update { settings in
            guard let index = settings.destinations.firstIndex(where: { $0.id == id }) else { return }
            settings.destinations[index].enabled = false
            settings.destinations[index].disabledReason = "webhook gone: \(reason)"
        }
        do {
            try await store.saveSettings(updated, at: clock())
            try await outbox.abandon(destination: id, reason: "destination disabled: \(reason)", at: clock())
        } catch {
            logger.error("disabled destination not stored", metadata: ["destination": "\(id)", "error": "\(error)"])
        }
        await dispatcher?.sync()
        await publish()
        return true
    }

    /// Publishes the settings in force, redacted, retained.
    func publish() async {
        do {
            try await bus.publish(MQTTMessage(topic: topics.settings, data: try MessageCoding.encode(Versioned(box.current.redacted)), retain: true))
        } catch {
            logger.warning("settings not published", metadata: ["error": "\(error)"])
        }
    }

    /// Gives up the pending items of destinations that were removed or switched off.
    private func abandonRemoved(previous: NotifierSettings, updated: NotifierSettings) async {
        let active = Set(updated.destinations.filter(\.enabled).map(\.id))
        for destination in previous.destinations where !active.contains(destination.id) {
            let reason = updated.destination(destination.id) == nil ? "destination removed" : "destination disabled"
            _ = try? await outbox.abandon(destination: destination.id, reason: reason, at: clock())
        }
    }
}
