import Contract
import Foundation
import ScoringEngine

/// Partial updates of `ScoringSettings` from the bus, and the stored settings read back: a
/// `SettingsPatch` whose settings must pass `ScoringSettings.validate()`. Pure.
///
/// Keys match the published spelling or the underscored one (`weight24h` and `weight_24h` are the
/// same key); refusals name the key as the user wrote it. An update's expert keys that the user
/// settings control join `expert_overrides` (and so do those whose current value differs from
/// what the user settings stand for, unless the update sets `expert_overrides`); the others
/// follow the user settings (`UserSettings.resolved`). `{"reset": true}` starts from the defaults (the rest of the update
/// applied to them).
public enum SettingsUpdate {
    static let example = #"{"max_moves_per_plan": 5}"#
    /// The key that starts an update from the defaults.
    public static let reset = "reset"

    /// `current` with `payload` applied, validated.
    /// - Throws: `ReplyError` — `malformed` when the payload is not a JSON object, `invalid`
    ///   naming the first unknown or wrong key.
    public static func apply(_ payload: Data, to current: ScoringSettings) throws(ReplyError) -> ScoringSettings {
        guard let object = try? JSONDecoder().decode(JSONValue.self, from: payload), case .object(var update) = object else {
            throw .malformed("a settings update must be a JSON object, e.g. \(example)")
        }
        var base = current
        if let value = update.removeValue(forKey: reset) {
            guard value == .bool(true) else { throw .invalid("reset: must be true, got \(InputCheck.describe(value))") }
            base = ScoringSettings()
        }
        let overridden = expertKeys(in: update) + (update["expert_overrides"] == nil ? implicitOverrides(base) : [])
        let patch = SettingsPatch<ScoringSettings>(
            example: example,
            resolve: { patched, _ in
                var settings = patched
                for key in overridden where !settings.expertOverrides.contains(where: { UserSettings.expertKey($0) == key }) {
                    settings.expertOverrides.append(key)
                }
                settings.expertOverrides = settings.expertOverrides.map { UserSettings.expertKey($0) ?? $0 }
                return UserSettings.resolved(settings)
            },
            validate: validate)
        return try patch.apply(try encode(update), to: base)
    }

    /// Settings stored by this or another version, laid over the defaults: unknown keys and
    /// values of the wrong type are dropped, missing ones keep their default. The stored expert
    /// values are kept as they are.
    /// - Throws: `ReplyError` when the result does not decode or fails validation.
    public static func restore(_ stored: Data) throws(ReplyError) -> ScoringSettings {
        try SettingsPatch<ScoringSettings>(example: example, validate: validate).restore(stored, over: ScoringSettings())
    }

    /// The expert keys of `settings` whose value differs from what its user settings stand for
    /// (set by an older version, or in code): they stay as they are, as if set explicitly.
    static func implicitOverrides(_ settings: ScoringSettings) -> [String] {
        UserSettings.expertValues(of: settings).compactMap { key, value in
            guard let path = UserSettings.expertKeys[key], settings[keyPath: path] != value else { return nil }
            return key
        }.sorted()
    }

    /// The expert keys controlled by the user settings that `update` sets, in their
    /// `expert_overrides` spelling.
    static func expertKeys(in update: [String: JSONValue], prefix: String = "") -> [String] {
        update.sorted { $0.key < $1.key }.flatMap { key, value -> [String] in
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if case .object(let nested) = value { return expertKeys(in: nested, prefix: path) }
            return UserSettings.expertKey(path).map { [$0] } ?? []
        }
    }

    private static func encode(_ update: [String: JSONValue]) throws(ReplyError) -> Data {
        do {
            return try JSONEncoder().encode(JSONValue.object(update))
        } catch {
            throw .internal("the update cannot be encoded: \(error)")
        }
    }

    /// Refuses settings out of range, naming the key.
    private static func validate(_ settings: ScoringSettings) throws(ReplyError) {
        do {
            try settings.validate()
        } catch {
            throw .invalid(error.description)
        }
    }
}
