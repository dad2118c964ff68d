import Contract
import Foundation
import ScoringEngine

/// Partial updates of `ScoringSettings` from the bus, and the stored settings read back: a
/// `SettingsPatch` whose settings must pass `ScoringSettings.validate()`. Pure.
///
/// Keys match the published spelling or the underscored one (`weight24h` and `weight_24h` are the
/// same key); refusals name the key as the user wrote it.
public enum SettingsUpdate {
    static let patch = SettingsPatch<ScoringSettings>(example: #"{"max_moves_per_plan": 5}"#) { settings throws(ReplyError) in
        try validate(settings)
    }

    /// `current` with `payload` applied, validated.
    /// - Throws: `ReplyError` — `malformed` when the payload is not a JSON object, `invalid`
    ///   naming the first unknown or wrong key.
    public static func apply(_ payload: Data, to current: ScoringSettings) throws(ReplyError) -> ScoringSettings {
        try patch.apply(payload, to: current)
    }

    /// Settings stored by this or another version, laid over the defaults: unknown keys and
    /// values of the wrong type are dropped, missing ones keep their default.
    /// - Throws: `ReplyError` when the result does not decode or fails validation.
    public static func restore(_ stored: Data) throws(ReplyError) -> ScoringSettings {
        try patch.restore(stored, over: ScoringSettings())
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
