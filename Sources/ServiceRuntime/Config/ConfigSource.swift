import Contract
import Foundation

/// Where settings come from: environment variables over one JSON file (`PROXBALANCE_CONFIG`),
/// with secrets also readable from files (`…_FILE`, Docker secrets).
///
/// A setting has a dotted key (`pve.url`, `collector.interval_seconds`) that is its path in
/// the file, and an environment name derived from it: `PROXBALANCE_` + the key upper-cased
/// with dots as underscores (`PROXBALANCE_PVE_URL`). The environment wins.
public struct ConfigSource: Sendable {
    /// Prefix of every environment variable.
    public static let prefix = "PROXBALANCE_"

    private let environment: [String: String]
    private let file: [String: String]
    /// The file the values came from, for messages.
    public let filePath: String?

    /// A source over explicit values (tests) — `fileValues` uses dotted keys.
    public init(environment: [String: String], fileValues: [String: String] = [:], filePath: String? = nil) {
        self.environment = environment
        self.file = fileValues
        self.filePath = filePath
    }

    /// Reads the process environment and, if `PROXBALANCE_CONFIG` names one, the JSON file.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConfigSource {
        let setting = prefix + "CONFIG"
        guard let path = environment[setting], !path.isEmpty else {
            return ConfigSource(environment: environment)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(setting: setting, problem: "cannot read \(path)")
        }
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw ConfigurationError(setting: setting, problem: "\(path) is not a JSON object")
        }
        var values: [String: String] = [:]
        flatten(object, prefix: "", into: &values)
        return ConfigSource(environment: environment, fileValues: values, filePath: path)
    }

    private static func flatten(_ object: [String: JSONValue], prefix: String, into values: inout [String: String]) {
        for (key, value) in object {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .object(let nested): flatten(nested, prefix: path, into: &values)
            case .array(let items): values[path] = items.compactMap(\.scalarText).joined(separator: ",")
            default: if let text = value.scalarText { values[path] = text }  // null: as if absent
            }
        }
    }

    /// The environment variable name of a dotted key.
    public static func environmentName(_ key: String) -> String {
        prefix + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// The raw value of a setting, environment first; empty strings count as unset.
    public func string(_ key: String) -> String? {
        if let value = environment[Self.environmentName(key)], !value.isEmpty { return value }
        if let value = file[key], !value.isEmpty { return value }
        return nil
    }

    /// A required string setting.
    public func requiredString(_ key: String, hint: String) throws -> String {
        guard let value = string(key) else {
            throw ConfigurationError(setting: Self.environmentName(key), problem: "is missing: \(hint)")
        }
        return value
    }

    /// A secret: the value itself, or the content of the file named by `<key>_file`
    /// (`PROXBALANCE_PVE_TOKEN_FILE`), trailing newlines removed.
    public func secret(_ key: String) throws -> String? {
        if let value = string(key) { return value }
        let fileKey = key + "_file"
        guard let path = string(fileKey) else { return nil }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(setting: Self.environmentName(fileKey), problem: "cannot read the secret file \(path)")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw ConfigurationError(setting: Self.environmentName(fileKey), problem: "the secret file \(path) is empty")
        }
        return trimmed
    }

    /// An integer setting within `range`, or `defaultValue` when unset.
    public func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = string(key) else { return defaultValue }
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(
                setting: Self.environmentName(key),
                problem: "'\(raw)' is not a whole number between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// A decimal setting within `range`, or `defaultValue` when unset.
    public func double(_ key: String, default defaultValue: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let raw = string(key) else { return defaultValue }
        guard let value = Double(raw.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(
                setting: Self.environmentName(key),
                problem: "'\(raw)' is not a number between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// A boolean setting (`true/false`, `1/0`, `yes/no`, `on/off`), or `defaultValue` when unset.
    public func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let raw = string(key) else { return defaultValue }
        switch raw.lowercased().trimmingCharacters(in: .whitespaces) {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            throw ConfigurationError(setting: Self.environmentName(key), problem: "'\(raw)' is not true or false")
        }
    }
}
