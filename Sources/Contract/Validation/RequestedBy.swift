import Foundation

/// The rule for `requested_by`: who a front end (the web console: `web:<user>`) sends an
/// executor command or request for. Optional, 1–128 characters; recorded with the migrations a
/// command causes and shown in their events and history.
public enum RequestedBy {
    /// The JSON key (and the MQTT v5 user property of plain commands such as maintenance `ON`).
    public static let key = "requested_by"
    /// Allowed length in characters.
    public static let length = 1...128

    /// Refuses a `requested_by` that is not 1–128 characters (`invalid`, naming the key).
    public static func check(_ value: String?) throws(ReplyError) {
        guard let value else { return }
        try InputCheck.text(value, key, length: length)
    }

    /// A settings update without its `requested_by`, and that value, checked. A payload that is
    /// not a JSON object, or has no `requested_by`, comes back as it is (for the update's own
    /// refusals).
    public static func split(_ payload: Data) throws(ReplyError) -> (update: Data, requestedBy: String?) {
        guard case .object(var object)? = try? JSONDecoder().decode(JSONValue.self, from: payload), object[key] != nil else {
            return (payload, nil)
        }
        let requestedBy = try take(from: &object)
        do {
            return (try JSONEncoder().encode(JSONValue.object(object)), requestedBy)
        } catch {
            throw .internal("the settings update could not be encoded again: \(error)")
        }
    }

    /// Removes `requested_by` from a settings update and returns it, checked: `invalid` when it
    /// is not a string of 1–128 characters.
    public static func take(from object: inout [String: JSONValue]) throws(ReplyError) -> String? {
        guard let value = object.removeValue(forKey: key) else { return nil }
        guard case .string(let text) = value else {
            throw .invalid("\(key): must be a string of \(length.lowerBound)–\(length.upperBound) characters, got \(InputCheck.describe(value))")
        }
        try check(text)
        return text
    }
}
