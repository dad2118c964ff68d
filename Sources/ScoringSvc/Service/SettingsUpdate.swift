import Contract
import Foundation
import ScoringEngine

/// Partial updates of `ScoringSettings` at the JSON level: a patch is a JSON object with any
/// subset of the keys, nested objects merged key by key. Pure.
///
/// Keys match the published spelling or the underscored one (`weight24h` and `weight_24h` are the
/// same key). Unknown keys and values of the wrong JSON type are refused naming the key; the
/// merged settings must pass `ScoringSettings.validate()`.
public enum SettingsUpdate {
    /// `current` with `payload` applied, validated.
    /// - Throws: `ReplyError` — `malformed` when the payload is not a JSON object, `invalid`
    ///   naming the first unknown or wrong key.
    public static func apply(_ payload: Data, to current: ScoringSettings) throws(ReplyError) -> ScoringSettings {
        guard case .object(var patch)? = try? JSONDecoder().decode(JSONValue.self, from: payload) else {
            throw .malformed("a settings update must be a JSON object, e.g. {\"max_moves_per_plan\": 5}")
        }
        try RequestID.strip(&patch)
        let updated = try merged(patch, over: current, strict: true)
        do {
            try updated.validate()
        } catch {
            throw .invalid("\(spelled(error.field, in: patch)): \(error.message)")
        }
        return updated
    }

    /// The dotted `field` as the user spelt it in `patch` (`weight_24h` or `weight24h`); as
    /// given when the patch does not have it.
    static func spelled(_ field: String, in patch: [String: JSONValue]) -> String {
        var object = patch
        var written: [String] = []
        for part in field.split(separator: ".").map(String.init) {
            guard let key = object.keys.first(where: { canonical($0) == canonical(part) }) else { return field }
            written.append(key)
            if case .object(let nested)? = object[key] { object = nested } else { object = [:] }
        }
        return written.joined(separator: ".")
    }

    /// Settings stored by this or another version, laid over the defaults: unknown keys and
    /// values of the wrong type are dropped, missing ones keep their default.
    /// - Throws: when the result does not decode or fails validation.
    public static func restore(_ stored: Data) throws -> ScoringSettings {
        guard case .object(let patch) = try JSONDecoder().decode(JSONValue.self, from: stored) else {
            throw ReplyError.malformed("stored settings are not a JSON object")
        }
        let restored = try merged(patch, over: ScoringSettings(), strict: false)
        try restored.validate()
        return restored
    }

    /// `settings` with `patch` merged in, decoded back.
    private static func merged(_ patch: [String: JSONValue], over settings: ScoringSettings, strict: Bool) throws(ReplyError)
        -> ScoringSettings
    {
        let base: [String: JSONValue]
        do {
            guard case .object(let object) = try JSONDecoder().decode(JSONValue.self, from: try MessageCoding.encode(settings)) else {
                throw ReplyError.invalid("settings do not encode as an object")
            }
            base = object
        } catch {
            throw .invalid("settings cannot be encoded: \(error)")
        }
        let merged = try merge(patch, into: base, path: "", strict: strict)
        do {
            return try ValueDecoding.decode(ScoringSettings.self, from: .object(merged))
        } catch {
            guard let colon = error.message.firstIndex(of: ":") else { throw error }
            throw .invalid(spelled(String(error.message[..<colon]), in: patch) + error.message[colon...])
        }
    }

    private static func merge(_ patch: [String: JSONValue], into base: [String: JSONValue], path: String, strict: Bool)
        throws(ReplyError) -> [String: JSONValue]
    {
        var result = base
        let keys = Dictionary(base.keys.map { (canonical($0), $0) }, uniquingKeysWith: { first, _ in first })
        for (key, value) in patch.sorted(by: { $0.key < $1.key }) {
            let field = path.isEmpty ? key : "\(path).\(key)"
            guard let existing = keys[canonical(key)], let old = base[existing] else {
                if strict { throw InputCheck.unknownKey(key, at: path, allowed: base.keys) }
                continue
            }
            switch (old, value) {
            case (.object(let oldObject), .object(let newObject)):
                result[existing] = .object(try merge(newObject, into: oldObject, path: field, strict: strict))
            case _ where kind(of: old) == kind(of: value):
                result[existing] = value
            default:
                if strict { throw .invalid("\(field): expected \(kind(of: old)), got \(InputCheck.describe(value))") }
            }
        }
        return result
    }

    /// The key without underscores before digits: `weight_24h` and `weight24h` are one key.
    static func canonical(_ key: String) -> String {
        let characters = Array(key)
        return String(
            characters.indices.compactMap { index in
                let isGap = characters[index] == "_" && index + 1 < characters.count && characters[index + 1].isNumber
                return isGap ? nil : characters[index]
            })
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
