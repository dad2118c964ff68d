import Contract
import Foundation

/// Applies a settings update from the bus. Pure.
///
/// An update is a JSON object with any of `destinations` (the whole list, replacing the
/// current one), `coalesce_window_seconds` and `retry` (merged key by key), optionally with an
/// `id`. A redacted value sent back unchanged (a URL, token or header value ending in `…`)
/// keeps the stored secret of the destination with the same id, so the published settings can
/// be edited and returned as they are. Enabling a destination clears `disabled_reason`.
public enum NotifierSettingsUpdate {
    /// The notifier's settings patch: destination keys checked in every list item.
    static let patch = SettingsPatch<NotifierSettings>(
        example: #"{"coalesce_window_seconds": 30}"#,
        keys: ["destinations[]": Destination.keys, "destinations[].rate_limit": ["requests", "per_seconds"]],
        check: { update throws(ReplyError) in try checkDestinations(in: update) },
        resolve: { patched, current in
            var settings = patched
            settings.destinations = patched.destinations.map { keepingSecrets($0, from: current.destination($0.id)) }
            return settings
        },
        validate: { settings throws(ReplyError) in try settings.validate() })

    /// `current` with `payload` applied and validated.
    /// - Throws: `ReplyError` — `malformed` when it is not a JSON object, `invalid` naming the
    ///   JSON key of the first unknown key (a close one suggested), wrong type or wrong value.
    public static func apply(_ payload: Data, to current: NotifierSettings) throws(ReplyError) -> NotifierSettings {
        try patch.apply(payload, to: current)
    }

    /// `current` with destination `id` switched on or off: a patch of the destination list as it
    /// stands with only that destination's `enabled` changed, applied like any update.
    /// - Throws: `ReplyError` — `notFound` when no destination is named `id`.
    public static func enabling(_ id: String, _ enabled: Bool, in current: NotifierSettings) throws(ReplyError) -> NotifierSettings {
        guard let index = current.destinations.firstIndex(where: { $0.id == id }) else { throw .unknownDestination(id) }
        var destinations = current.destinations
        destinations[index].enabled = enabled
        let payload: Data
        do {
            payload = try MessageCoding.encode(["destinations": destinations])
        } catch {
            throw .internal("the destinations cannot be encoded: \(error)")
        }
        return try apply(payload, to: current)
    }

    /// `destination` with redacted values replaced by those of `stored`; an enabled destination
    /// has no disabled reason, a disabled one keeps the stored reason unless given another.
    static func keepingSecrets(_ destination: Destination, from stored: Destination?) -> Destination {
        var result = destination
        guard let stored else { return result }
        if Redaction.isRedacted(result.url) { result.url = stored.url }
        if let token = result.token, Redaction.isRedacted(token) { result.token = stored.token }
        for (name, value) in result.headers where Redaction.isRedacted(value) { result.headers[name] = stored.headers[name] }
        if result.enabled {
            result.disabledReason = nil
        } else if result.disabledReason == nil {
            result.disabledReason = stored.disabledReason
        }
        return result
    }

    /// Refuses `destinations` that is not a list or has too many items, before any is decoded.
    private static func checkDestinations(in update: [String: JSONValue]) throws(ReplyError) {
        guard let destinations = update["destinations"] else { return }
        guard case .array(let list) = destinations else {
            throw .invalid("destinations: must be a list, got \(InputCheck.describe(destinations))")
        }
        try InputCheck.count(list.count, "destinations", atMost: NotifierSettings.maximumDestinations)
    }
}
