public import Contract
public import Foundation

extension JSONValue {
    /// The member `key` of an object; `nil` for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text of a string.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A number.
    public var double: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// A whole number.
    public var int: Int? {
        guard let double, double.rounded() == double, abs(double) < 1e15 else { return nil }
        return Int(double)
    }

    /// A boolean.
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The items of an array, or none.
    public var items: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }

    /// The members of an object, or none.
    public var members: [String: JSONValue] {
        if case .object(let values) = self { return values }
        return [:]
    }

    /// Parses UTF-8 JSON.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The value as JSON text: indented with sorted keys for people, or compact.
    public func json(pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
