import Contract
import Foundation

/// Any JSON value as the Proxmox API sends it (the contract's `JSONValue`); its lenient
/// conversions to Swift types are in `LenientDecoding.swift`.
///
/// Proxmox (Perl) emits the same field as a number, a string or a boolean depending on the
/// version and code path (`"vmid": "106"`, `"cpus": "1"`, `"quorate": "1"`, `"mhz": "800.000"`),
/// so every typed model reads its fields through these conversions.
public typealias PVEValue = JSONValue

extension PVEValue {
    /// The elements when this is an array.
    public var arrayValue: [PVEValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members when this is an object.
    public var objectValue: [String: PVEValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
