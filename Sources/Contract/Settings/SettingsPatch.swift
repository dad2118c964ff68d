import Foundation

/// How a settings value takes partial updates from the bus and comes back from storage. Pure.
///
/// A patch is a JSON object with any subset of the settings' keys, merged into the encoded
/// current settings by `PatchMerge`: objects key by key, lists and other values replaced whole.
/// Keys that differ only by an underscore before a digit are one key (`weight_24h` is
/// `weight24h`), as `MessageCoding` decodes both. The merged JSON is decoded, then the service's
/// hooks run: `resolve` (what the update means against the current settings) and `validate`.
/// Every refusal names the JSON key as the user wrote it (`migration_windows[0].start`).
public struct SettingsPatch<Settings: Codable>: Sendable {
    /// A small update shown in the refusal of a payload that is not an object, e.g. `{"dry_run": false}`.
    public var example: String
    /// JSON keys allowed where the encoded current settings cannot show them, by path with `[]`
    /// for any list item: `["destinations[]": …, "destinations[].rate_limit": …]`. Objects inside
    /// a replaced value without an entry are open (a map such as `headers`); a merged object
    /// allows its current keys plus these (an optional that is nil is not encoded).
    public var keys: [String: [String]]
    /// Checks of the raw update (envelope removed) before the merge, for refusals in the
    /// settings' own words (an integer's range when 2.5 or 1e300 would not decode).
    public var check: @Sendable (_ update: [String: JSONValue]) throws(ReplyError) -> Void
    /// The decoded settings made final against the ones they replace (a redacted secret sent
    /// back keeps the stored one).
    public var resolve: @Sendable (_ patched: Settings, _ current: Settings) -> Settings
    /// Refuses settings out of range, naming the JSON key.
    public var validate: @Sendable (Settings) throws(ReplyError) -> Void

    public init(
        example: String, keys: [String: [String]] = [:],
        check: @escaping @Sendable (_ update: [String: JSONValue]) throws(ReplyError) -> Void = { _ in },
        resolve: @escaping @Sendable (_ patched: Settings, _ current: Settings) -> Settings = { patched, _ in patched },
        validate: @escaping @Sendable (Settings) throws(ReplyError) -> Void
    ) {
        self.example = example
        self.keys = keys
        self.check = check
        self.resolve = resolve
        self.validate = validate
    }

    /// `current` with the update in `payload` applied, resolved and validated. The envelope
    /// keys (`id`, `sent_at`, `expires_at`) are not settings and are left out.
    /// - Throws: `ReplyError` — `malformed` when `payload` is not a JSON object or its `id` is
    ///   bad; `invalid` naming the first unknown key (a close one suggested), value of the wrong
    ///   JSON kind or value the settings refuse.
    public func apply(_ payload: Data, to current: Settings) throws(ReplyError) -> Settings {
        var update = try Self.object(in: payload, else: "a settings update must be a JSON object, e.g. \(example)")
        try RequestID.strip(&update)
        try check(update)
        return try patched(current, with: update, PatchMerge(keys: keys, lenient: false))
    }

    /// Settings stored by this or another version laid over `defaults`: unknown keys and values
    /// of the wrong JSON kind are dropped, missing ones keep their default. `check` does not run;
    /// `resolve` and `validate` do.
    /// - Throws: `ReplyError` when `stored` is not a JSON object, does not decode or is refused.
    public func restore(_ stored: Data, over defaults: Settings) throws(ReplyError) -> Settings {
        let update = try Self.object(in: stored, else: "stored settings are not a JSON object")
        return try patched(defaults, with: update, PatchMerge(keys: keys, lenient: true))
    }

    private func patched(_ current: Settings, with update: [String: JSONValue], _ merge: PatchMerge) throws(ReplyError) -> Settings {
        let merged = try merge.merge(update, into: try Self.encoded(current))
        do {
            let settings = resolve(try ValueDecoding.decode(Settings.self, from: .object(merged)), current)
            try validate(settings)
            return settings
        } catch {
            throw Self.respelled(error, as: update)
        }
    }

    /// The JSON object in `data`, else `malformed(message)`.
    private static func object(in data: Data, else message: String) throws(ReplyError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .malformed(message)
        }
        guard case .object(let object) = value else { throw .malformed(message) }
        return object
    }

    /// `settings` as the JSON object `MessageCoding` writes.
    private static func encoded(_ settings: Settings) throws(ReplyError) -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: try MessageCoding.encode(settings))
        } catch {
            throw .internal("the current settings cannot be encoded: \(error)")
        }
        guard case .object(let object) = value else { throw .internal("the current settings do not encode as a JSON object") }
        return object
    }

    /// `error` with the key path its message starts with spelt as in `update` (the decoder and
    /// `validate` name `weight24h` where the user wrote `weight_24h`).
    private static func respelled(_ error: ReplyError, as update: [String: JSONValue]) -> ReplyError {
        guard let colon = error.message.range(of: ": ") else { return error }
        let path = JSONKey.spelled(String(error.message[..<colon.lowerBound]), in: update)
        return ReplyError(code: error.code, message: path + error.message[colon.lowerBound...])
    }
}
