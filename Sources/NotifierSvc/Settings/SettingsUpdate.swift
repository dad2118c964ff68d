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
    /// `current` with `payload` applied and validated.
    /// - Throws: `ReplyError` — `malformed` when it is not a JSON object, `invalid` naming the
    ///   JSON key of the first unknown key (a close one suggested), wrong type or wrong value.
    public static func apply(_ payload: Data, to current: NotifierSettings) throws(ReplyError) -> NotifierSettings {
        guard case .object(var patch)? = try? JSONDecoder().decode(JSONValue.self, from: payload) else {
            throw .malformed("a settings update must be a JSON object, e.g. {\"coalesce_window_seconds\": 30}")
        }
        try RequestID.strip(&patch)
        try checkKeys(of: patch)
        var updated = current
        if let destinations = patch["destinations"] {
            let decoded = try ValueDecoding.decode([Destination].self, from: destinations, at: "destinations")
            updated.destinations = decoded.map { keepingSecrets($0, from: current.destination($0.id)) }
        }
        if let window = patch["coalesce_window_seconds"] {
            updated.coalesceWindowSeconds = try InputCheck.number(window, "coalesce_window_seconds", in: NotifierSettings.coalesceRange)
        }
        if case .object(let retry)? = patch["retry"] {
            var merged: [String: JSONValue] = [
                "base_seconds": .number(current.retry.baseSeconds), "max_seconds": .number(current.retry.maxSeconds),
                "max_attempts": .number(Double(current.retry.maxAttempts)),
            ]
            merged.merge(retry) { _, new in new }
            updated.retry = try ValueDecoding.decode(RetrySettings.self, from: .object(merged), at: "retry")
        }
        try updated.validate()
        return updated
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

    /// Refuses an unknown key anywhere in `patch` and a list or object where another shape is
    /// expected, naming the JSON key.
    private static func checkKeys(of patch: [String: JSONValue]) throws(ReplyError) {
        try InputCheck.knownKeys(patch, allowed: NotifierSettings.CodingKeys.allCases.map { JSONKey.snakeCase($0.stringValue) })
        if let retry = patch["retry"] {
            guard case .object(let object) = retry else { throw .invalid("retry: must be an object, got \(InputCheck.describe(retry))") }
            let keys = RetrySettings.CodingKeys.allCases.map { JSONKey.snakeCase($0.stringValue) }
            try InputCheck.knownKeys(object, allowed: keys, at: "retry")
        }
        guard let destinations = patch["destinations"] else { return }
        guard case .array(let list) = destinations else {
            throw .invalid("destinations: must be a list, got \(InputCheck.describe(destinations))")
        }
        try InputCheck.count(list.count, "destinations", atMost: NotifierSettings.maximumDestinations)
        for (index, item) in list.enumerated() {
            let field = JSONKey.path("destinations", index: index)
            guard case .object(let object) = item else { throw .invalid("\(field): must be an object, got \(InputCheck.describe(item))") }
            try InputCheck.knownKeys(object, allowed: Destination.keys, at: field)
            if case .object(let limit)? = object["rate_limit"] {
                try InputCheck.knownKeys(limit, allowed: ["requests", "per_seconds"], at: "\(field).rate_limit")
            }
        }
    }
}
