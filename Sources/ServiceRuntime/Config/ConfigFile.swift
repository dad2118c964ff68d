import Contract
import Foundation
import Yams

/// The configuration file (`PROXBALANCE_CONFIG`): JSON, or YAML when its name ends in `.yaml`
/// or `.yml`, one object whose sections nest the settings.
enum ConfigFile {
    /// The file's settings by dotted key (`collector.interval_seconds`), each value as text;
    /// arrays as comma-separated text, nulls left out.
    /// - Throws: `ConfigurationError` for `PROXBALANCE_CONFIG` when the file cannot be read or
    ///   is not one object.
    static func values(at path: String) throws -> [String: String] {
        let setting = ConfigSource.environmentName("config")
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(setting: setting, problem: "cannot read \(path)")
        }
        let isYAML = ["yaml", "yml"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
        guard case .object(let object)? = isYAML ? yaml(data) : try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw ConfigurationError(setting: setting, problem: "\(path) is not a \(isYAML ? "YAML mapping" : "JSON object")")
        }
        var values: [String: String] = [:]
        flatten(object, prefix: "", into: &values)
        return values
    }

    /// The YAML document in `data`, or `nil` when it is not valid YAML.
    private static func yaml(_ data: Data) -> JSONValue? {
        guard let text = String(data: data, encoding: .utf8), let node = try? Yams.compose(yaml: text) else { return nil }
        return JSONValue(yaml: node)
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
}
