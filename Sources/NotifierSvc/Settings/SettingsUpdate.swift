import Foundation
import Shared

/// Applies a settings update from the bus. Pure.
///
/// An update is a JSON object with any of `destinations` (the whole list, replacing the
/// current one), `coalesce_window_seconds` and `retry` (merged key by key), optionally with an
/// `id`. A redacted value sent back unchanged (a URL, token or header value ending in `…`)
/// keeps the stored secret of the destination with the same id, so the published settings can
/// be edited and returned as they are. Enabling a destination clears `disabled_reason`.
public enum NotifierSettingsUpdate {
    /// `current` with `payload` applied and validated.
    /// - Throws: `ReplyError` — `malformed` when it is not a JSON object or a field has the wrong
    ///   type, `invalid` naming the first unknown key or wrong value.
    public static func apply(_ payload: Data, to current: NotifierSettings) throws(ReplyError) -> NotifierSettings {
        guard case .object(var patch)? = try? JSONDecoder().decode(JSONValue.self, from: payload) else {
            throw .malformed("a settings update must be a JSON object, e.g. {\"coalesce_window_seconds\": 30}")
        }
        patch["id"] = nil
        if let problem = unknownKey(in: patch) { throw .invalid(problem) }
        var updated = current
        do {
            if let destinations = patch["destinations"] {
                let decoded = try MessageCoding.decode([Destination].self, from: try JSONEncoder().encode(destinations))
                updated.destinations = decoded.map { keepingSecrets($0, from: current.destination($0.id)) }
            }
            if let window = patch["coalesce_window_seconds"] {
                guard case .number(let seconds) = window else { throw ReplyError.invalid("coalesce_window_seconds: expected a number") }
                updated.coalesceWindowSeconds = seconds
            }
            if case .object(let retry)? = patch["retry"] {
                var merged = try object(of: current.retry)
                for (key, value) in retry { merged[key] = value }
                updated.retry = try MessageCoding.decode(RetrySettings.self, from: try JSONEncoder().encode(JSONValue.object(merged)))
            } else if patch["retry"] != nil {
                throw ReplyError.invalid("retry: expected an object")
            }
        } catch let error as ReplyError {
            throw error
        } catch {
            throw .invalid("\(error)")
        }
        if let problem = updated.problem() { throw .invalid(problem) }
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

    private static func unknownKey(in patch: [String: JSONValue]) -> String? {
        let topKeys = Set(NotifierSettings.CodingKeys.allCases.map { snake($0.stringValue) })
        for key in patch.keys.sorted() where !topKeys.contains(key) { return "\(key): unknown setting" }
        if case .object(let retry)? = patch["retry"] {
            let keys = Set(RetrySettings.CodingKeys.allCases.map { snake($0.stringValue) })
            for key in retry.keys.sorted() where !keys.contains(key) { return "retry.\(key): unknown setting" }
        }
        if case .array(let list)? = patch["destinations"] {
            let keys = Set(Destination.CodingKeys.allCases.map { snake($0.stringValue) })
            for (index, item) in list.enumerated() {
                guard case .object(let object) = item else { return "destinations[\(index)]: expected an object" }
                for key in object.keys.sorted() where !keys.contains(key) { return "destinations[\(index)].\(key): unknown setting" }
            }
        } else if patch["destinations"] != nil {
            return "destinations: expected an array"
        }
        return nil
    }

    private static func object<T: Encodable>(of value: T) throws -> [String: JSONValue] {
        guard case .object(let object) = try JSONDecoder().decode(JSONValue.self, from: try MessageCoding.encode(value)) else { return [:] }
        return object
    }

    /// `camelCase` → `snake_case`, as the contract's encoder writes keys.
    static func snake(_ key: String) -> String {
        key.reduce(into: "") { result, character in
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }
}
