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

    /// Encodes a message as UTF-8 JSON.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try makeEncoder().encode(value)
    }

    /// Decodes a message, turning decoding failures into a `MessageDecodingError` that says
    /// which field was wrong, in words a user can act on.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try makeDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw MessageDecodingError(error)
        }
    }
}

/// A payload that is not valid for its topic, described in one line.
public struct MessageDecodingError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ message: String) { description = message }

    init(_ error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            let joined = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "payload" : joined.replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context):
            description = "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            description = "\(path(context.codingPath)): missing \(type) value"
        case .keyNotFound(let key, let context):
            description = "\(path(context.codingPath + [key])): required field is missing"
        case .dataCorrupted(let context):
            description = "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            description = "payload is not valid: \(error)"
        }
    }
}
