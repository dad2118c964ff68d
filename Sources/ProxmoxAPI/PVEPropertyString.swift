import Contract
import Foundation

/// A Proxmox property string such as `local-lvm:vm-100-disk-0,iothread=1,size=32G`: comma-separated
/// `key=value` pairs, where one element may omit its key (the schema's *default key*, e.g. the
/// volume of a disk or `current` for `memory`).
public struct PVEPropertyString: Sendable, Hashable {
    /// The element written without a key, if any (`local-lvm:vm-100-disk-0`, `4096`, `socket`).
    public var defaultValue: String?
    /// The `key=value` elements. A repeated key keeps its last value.
    public var options: [String: String]

    /// Parses `text`; `defaultKey` names the key the unnamed element stands for, so
    /// `current=4096` and `4096` both yield `defaultValue == "4096"` for `defaultKey: "current"`.
    public init(_ text: String, defaultKey: String? = nil) {
        defaultValue = nil
        options = [:]
        for element in text.split(separator: ",", omittingEmptySubsequences: true) {
            let element = element.trimmingCharacters(in: .whitespaces)
            if let equals = element.firstIndex(of: "=") {
                let key = String(element[..<equals])
                let value = String(element[element.index(after: equals)...])
                if key == defaultKey, defaultValue == nil {
                    defaultValue = value
                } else {
                    options[key] = value
                }
            } else if defaultValue == nil {
                defaultValue = element
            }
        }
    }

    /// The option `key` read as a Proxmox boolean (`1`, `on`, `yes`, `true`).
    public func flag(_ key: String) -> Bool {
        guard let value = options[key] else { return false }
        return PVEValue.string(value).boolValue ?? false
    }
}
