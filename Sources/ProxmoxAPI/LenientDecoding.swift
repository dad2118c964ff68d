import Contract
import Foundation

// The leniency rules for every Proxmox model live in this file: the conversions of `PVEValue`,
// the `PVELenientValue` conformances built on them, and `PVEFields`, through which models read
// their members.

extension PVEValue {
    /// A string, a number rendered as Proxmox would (`4096`, `0.5`), or a boolean as `1`/`0`.
    public var stringValue: String? {
        switch self {
        case .string(let value): return value
        case .number(let value): return Self.render(value)
        case .bool(let value): return value ? "1" : "0"
        case .null, .array, .object: return nil
        }
    }

    /// A finite number, from a JSON number or a numeric string (`"800.000"`).
    public var doubleValue: Double? {
        switch self {
        case .number(let value): return value.isFinite ? value : nil
        case .string(let value):
            guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite else { return nil }
            return number
        case .null, .bool, .array, .object: return nil
        }
    }

    /// An integer from a number or numeric string; fractional values are rounded to the nearest.
    public var intValue: Int? {
        if case .string(let value) = self, let exact = Int(value.trimmingCharacters(in: .whitespaces)) {
            return exact
        }
        guard let number = doubleValue else { return nil }
        if let exact = Int(exactly: number) { return exact }
        let rounded = number.rounded()
        guard rounded >= -9.0e18, rounded <= 9.0e18 else { return nil }
        return Int(rounded)
    }

    /// A boolean from `true`/`false`, `0`/`1` (any non-zero number is true, as in Perl), or the
    /// strings `1 0 true false yes no on off`.
    public var boolValue: Bool? {
        switch self {
        case .bool(let value): return value
        case .number(let value): return value != 0
        case .string(let value):
            switch value.trimmingCharacters(in: .whitespaces).lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: return nil
            }
        case .null, .array, .object: return nil
        }
    }

    /// `4096` for integral values, the shortest round-tripping form otherwise.
    static func render(_ value: Double) -> String {
        if let integer = Int(exactly: value), abs(value) < 1e15 { return String(integer) }
        return String(value)
    }
}

/// A Swift type that can be read leniently from a `PVEValue` (see the `PVEValue` conversions above for the rules).
public protocol PVELenientValue: Sendable {
    /// The value converted from JSON, or `nil` when the JSON cannot represent this type.
    init?(pveValue: PVEValue)
    /// What the conversion accepts, for error messages (`"an integer (number or numeric string)"`).
    static var lenientExpectation: String { get }
}

extension Int: PVELenientValue {
    public init?(pveValue: PVEValue) {
        guard let value = pveValue.intValue else { return nil }
        self = value
    }
    public static var lenientExpectation: String { "an integer (number or numeric string)" }
}

extension Double: PVELenientValue {
    public init?(pveValue: PVEValue) {
        guard let value = pveValue.doubleValue else { return nil }
        self = value
    }
    public static var lenientExpectation: String { "a number (or numeric string)" }
}

extension Bool: PVELenientValue {
    public init?(pveValue: PVEValue) {
        guard let value = pveValue.boolValue else { return nil }
        self = value
    }
    public static var lenientExpectation: String { "a boolean (true/false, 0/1, \"1\", \"true\")" }
}

extension String: PVELenientValue {
    public init?(pveValue: PVEValue) {
        guard let value = pveValue.stringValue else { return nil }
        self = value
    }
    public static var lenientExpectation: String { "a string (or number)" }
}

/// The members of one JSON object, read leniently: unknown members are ignored, missing or
/// `null` optional members read as `nil`, numbers/booleans may arrive as strings and vice versa.
/// A member that is present but cannot be converted throws a `DecodingError` naming the member.
///
/// Every Proxmox model decodes through this type, so the leniency rules live in one place.
public struct PVEFields: Sendable, Decodable {
    /// The raw members.
    public let values: [String: PVEValue]
    /// Where this object sits in the decoded document (for error messages).
    public let codingPath: [any CodingKey]

    public init(_ values: [String: PVEValue], codingPath: [any CodingKey] = []) {
        self.values = values
        self.codingPath = codingPath
    }

    public init(from decoder: any Decoder) throws {
        let value = try PVEValue(from: decoder)
        guard case .object(let members) = value else {
            throw DecodingError.typeMismatch(
                [String: PVEValue].self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected a JSON object, found \(value.typeName)"))
        }
        self.init(members, codingPath: decoder.codingPath)
    }

    /// Whether the member exists and is not `null`.
    public func contains(_ key: String) -> Bool {
        guard let value = values[key] else { return false }
        return value != .null
    }

    /// The member converted to `T`; `nil` when absent, `null`, or (for non-string types) an empty
    /// string. Throws when present but not convertible.
    public func optional<T: PVELenientValue>(_ key: String, as type: T.Type = T.self) throws -> T? {
        guard let value = values[key] else { return nil }
        return try convert(value, key: key, as: type)
    }

    /// The member converted to `T`; throws when it is absent or not convertible.
    public func required<T: PVELenientValue>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let value = try optional(key, as: type) else {
            throw DecodingError.keyNotFound(
                PVEFieldKey(key),
                .init(codingPath: codingPath, debugDescription: "required field '\(key)' is missing"))
        }
        return value
    }

    /// An epoch-seconds member (`time`, `starttime`, …) as a `Date`.
    public func date(_ key: String) throws -> Date? {
        try optional(key, as: Double.self).map { Date(timeIntervalSince1970: $0) }
    }

    /// The first of `keys` that is present (for members Proxmox spells `a_b` or `a-b`), else the
    /// first of `keys`.
    public func firstPresentKey(_ keys: String...) -> String {
        keys.first(where: contains) ?? keys[0]
    }

    /// An array member whose elements convert to `T`; `nil` when absent or `null`.
    public func list<T: PVELenientValue>(_ key: String, of type: T.Type = T.self) throws -> [T]? {
        guard let value = values[key], value != .null else { return nil }
        guard case .array(let elements) = value else { throw mismatch(key, expected: "an array", found: value) }
        return try elements.enumerated().map { index, element in
            guard let converted = T(pveValue: element) else {
                throw mismatch("\(key)[\(index)]", expected: T.lenientExpectation, found: element)
            }
            return converted
        }
    }

    /// A nested object member; `nil` when absent or `null`.
    public func object(_ key: String) throws -> PVEFields? {
        guard let value = values[key], value != .null else { return nil }
        guard case .object(let members) = value else { throw mismatch(key, expected: "an object", found: value) }
        return PVEFields(members, codingPath: codingPath + [PVEFieldKey(key)])
    }

    /// An array-of-objects member; `nil` when absent or `null`.
    public func objects(_ key: String) throws -> [PVEFields]? {
        guard let value = values[key], value != .null else { return nil }
        guard case .array(let elements) = value else { throw mismatch(key, expected: "an array", found: value) }
        return try elements.enumerated().map { index, element in
            guard case .object(let members) = element else {
                throw mismatch("\(key)[\(index)]", expected: "an object", found: element)
            }
            return PVEFields(members, codingPath: codingPath + [PVEFieldKey(key), PVEFieldKey(index: index)])
        }
    }

    /// A `DecodingError` for a member of the wrong shape.
    public func mismatch(_ key: String, expected: String, found value: PVEValue) -> DecodingError {
        DecodingError.dataCorrupted(
            .init(
                codingPath: codingPath + [PVEFieldKey(key)],
                debugDescription: "field '\(key)': expected \(expected), found \(value.typeName)"))
    }

    private func convert<T: PVELenientValue>(_ value: PVEValue, key: String, as type: T.Type) throws -> T? {
        switch value {
        case .null:
            return nil
        case .string(let text) where T.self != String.self && text.trimmingCharacters(in: .whitespaces).isEmpty:
            return nil
        default:
            guard let converted = T(pveValue: value) else {
                throw mismatch(key, expected: T.lenientExpectation, found: value)
            }
            return converted
        }
    }
}

/// A coding key built from a member name or an array index, for error paths.
public struct PVEFieldKey: CodingKey, Sendable {
    public let stringValue: String
    public let intValue: Int?

    public init(_ name: String) {
        stringValue = name
        intValue = nil
    }

    public init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    public init?(stringValue: String) { self.init(stringValue) }
    public init?(intValue: Int) { self.init(index: intValue) }
}
