import Foundation

/// A value the fast decoder reads straight from one `JSONNode`: booleans, strings and numbers.
protocol JSONScalar: Decodable {
    /// The value, `nil` when the node is of another JSON kind; throws when a number does not fit.
    static func unbox(_ node: JSONNode, path: @autoclosure () -> CodingPathNode) throws -> Self?
}

extension Bool: JSONScalar {
    static func unbox(_ node: JSONNode, path: @autoclosure () -> CodingPathNode) throws -> Bool? {
        if case .bool(let value) = node { return value }
        return nil
    }
}

extension String: JSONScalar {
    static func unbox(_ node: JSONNode, path: @autoclosure () -> CodingPathNode) throws -> String? {
        if case .string(let value) = node { return value }
        return nil
    }
}

extension Double: JSONScalar {
    static func unbox(_ node: JSONNode, path: @autoclosure () -> CodingPathNode) throws -> Double? {
        switch node {
        case .double(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }
}

extension Float: JSONScalar {
    static func unbox(_ node: JSONNode, path: @autoclosure () -> CodingPathNode) throws -> Float? {
        try Double.unbox(node, path: path()).map { Float($0) }
    }
}

/// Integers: exact only; a fraction or a value out of range is refused.
protocol JSONInteger: JSONScalar, FixedWidthInteger {}

extension JSONInteger {
    static func unbox(_ node: JSONNode, path: @autoclosure () -> CodingPathNode) throws -> Self? {
        let exact: Self?
        switch node {
        case .integer(let value): exact = Self(exactly: value)
        case .double(let value): exact = value.isFinite ? Self(exactly: value) : nil
        default: return nil
        }
        guard let exact else {
            let written: String
            switch node {
            case .integer(let value): written = String(value)
            case .double(let value): written = String(value)
            default: written = ""
            }
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: path().path, debugDescription: "Parsed JSON number <\(written)> does not fit in \(Self.self)."))
        }
        return exact
    }
}

extension Int: JSONInteger {}
extension Int8: JSONInteger {}
extension Int16: JSONInteger {}
extension Int32: JSONInteger {}
extension Int64: JSONInteger {}
extension UInt: JSONInteger {}
extension UInt8: JSONInteger {}
extension UInt16: JSONInteger {}
extension UInt32: JSONInteger {}
extension UInt64: JSONInteger {}

/// `[String: Value]`: its keys are data, written and read as they are, never case-converted
/// (as Foundation's encoder and decoder treat them).
protocol StringKeyedDictionary {}

extension Dictionary: StringKeyedDictionary where Key == String {}
