import Foundation

/// The one JSON configuration of the contract: snake_case keys, ISO-8601 UTC dates.
public enum MessageCoding {
    /// A new encoder with the contract's settings.
    public static func makeEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A new decoder with the contract's settings.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Encodes a message as UTF-8 JSON (`LargeMessage`s through the fast encoder, same bytes).
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        if T.self is any LargeMessage.Type { return try FastJSONEncoder.encode(value) }
        return try makeEncoder().encode(value)
    }

    /// Encodes a message with Foundation's `JSONEncoder` whatever its type: the reference the
    /// fast encoder is compared with.
    public static func encodeWithFoundation<T: Encodable>(_ value: T) throws -> Data {
        try makeEncoder().encode(value)
    }

    /// Decodes a message with Foundation's `JSONDecoder` whatever its type, errors as `decode`.
    public static func decodeWithFoundation<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try makeDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw MessageDecodingError(error)
        }
    }

    /// Decodes a message, turning decoding failures into a `MessageDecodingError` that says
    /// which field was wrong, in words a user can act on (`LargeMessage`s through the fast
    /// decoder, same values and errors).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            if T.self is any LargeMessage.Type { return try FastJSONDecoder.decode(type, from: data) }
            return try makeDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw MessageDecodingError(error)
        }
    }
}

/// A message type big enough to be worth the fast codec (the cluster snapshot, the plan):
/// `MessageCoding` encodes and decodes it without Foundation's `JSONEncoder`/`JSONDecoder`, with
/// the same JSON and the same errors. Small messages stay with Foundation, which sets up faster.
public protocol LargeMessage: Codable {}

/// A payload that is not valid for its topic, described in one line.
public struct MessageDecodingError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ message: String) { description = message }

    init(_ error: DecodingError) {
        // Paths name the snake_case JSON keys (`destinations[2].min_severity`), not Swift's.
        func path(_ codingPath: [any CodingKey]) -> String {
            let joined = codingPath.map { $0.intValue.map { "[\($0)]" } ?? JSONKey.snakeCase($0.stringValue) }.joined(separator: ".")
            return joined.isEmpty ? "payload" : joined.replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context):
            description = "\(path(context.codingPath)): expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            description = "\(path(context.codingPath)): missing \(Self.describe(type)) value"
        case .keyNotFound(let key, let context):
            description = "\(path(context.codingPath + [key])): required field is missing"
        case .dataCorrupted(let context):
            description = "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            description = "payload is not valid: \(error)"
        }
    }

    /// A Swift type in a user's words: `Double` → "a number".
    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: "an integer"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Date.Type: "an ISO-8601 date"
        default:
            switch "\(type)" {
            case let name where name.hasPrefix("Array"): "a list"
            case let name where name.hasPrefix("Dictionary"): "an object"
            case let name: name
            }
        }
    }
}
