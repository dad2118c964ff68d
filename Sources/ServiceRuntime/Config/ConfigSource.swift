import Contract
import Foundation

/// Where settings come from: environment variables over one JSON or YAML file
/// (`PROXBALANCE_CONFIG`), with secrets also readable from files (`…_FILE`, Docker secrets).
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
    private let read = ReadKeys()

    /// A source over explicit values (tests) — `fileValues` uses dotted keys.
    public init(environment: [String: String], fileValues: [String: String] = [:], filePath: String? = nil) {
        self.environment = environment
        self.file = fileValues
        self.filePath = filePath
    }

    /// Reads the process environment and, if `PROXBALANCE_CONFIG` names one, the configuration
    /// file: JSON, or YAML when its name ends in `.yaml` or `.yml`.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConfigSource {
        let source = ConfigSource(environment: environment)
        guard let path = source.string("config") else { return source }
        return ConfigSource(environment: environment, fileValues: try ConfigFile.values(at: path), filePath: path)
    }

    /// The `PROXBALANCE_*` environment variables that are set (not empty).
    public var environmentNames: Set<String> {
        Set(environment.filter { $0.key.hasPrefix(Self.prefix) && !$0.value.isEmpty }.keys)
    }

    /// The dotted keys the configuration file sets.
    public var fileKeys: Set<String> { Set(file.keys) }

    /// Every dotted key this source (or a copy of it) was asked for so far.
    public var keysRead: Set<String> { read.all }

    /// The environment variable name of a dotted key.
    public static func environmentName(_ key: String) -> String {
        prefix + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// The raw value of a setting, environment first; empty strings count as unset.
    public func string(_ key: String) -> String? {
        read.insert(key)
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
        let fileKey = key + "_file"
        read.insert(fileKey)
        if let value = string(key) { return value }
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
