import Foundation

/// Any JSON value as the Proxmox API sends it; its lenient conversions to Swift types are in
/// `LenientDecoding.swift`.
///
/// Proxmox (Perl) emits the same field as a number, a string or a boolean depending on the
/// version and code path (`"vmid": "106"`, `"cpus": "1"`, `"quorate": "1"`, `"mhz": "800.000"`),
/// so every typed model reads its fields through these conversions.
public enum PVEValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Every JSON number; integers up to 2^53 are exact.
    case number(Double)
    case string(String)
    case array([PVEValue])
    case object([String: PVEValue])
}

extension PVEValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Numbers and strings first: they are by far the most common, and each failed
        // attempt costs a thrown error.
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let array = try? container.decode([PVEValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: PVEValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

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
