import Contract
import Foundation

/// A JSON document kept as the bytes it arrived as: the console passes bus payloads to browsers
/// without decoding and re-encoding them. Created only from bytes that parse as JSON.
public struct RawJSON: Sendable, Equatable {
    /// The document's UTF-8 bytes.
    public let bytes: [UInt8]

    /// `nil` when `bytes` is not one JSON value (objects, arrays, strings, numbers, literals).
    public init?(validating bytes: [UInt8]) {
        guard JSONSyntax.isValid(bytes) else { return nil }
        self.bytes = bytes
    }

    /// A JSON string holding `text`, escaped.
    public init(string text: String) {
        bytes = JSONText.quoted(text)
    }

    /// Bytes the caller built as valid JSON (the console's own encoder output).
    init(trusted bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// `null`.
    public static let null = RawJSON(trusted: Array("null".utf8))

    /// `true` or `false`.
    public static func bool(_ value: Bool) -> RawJSON { RawJSON(trusted: Array((value ? "true" : "false").utf8)) }
}

/// Building JSON text from parts that are already JSON.
enum JSONText {
    /// `text` as a JSON string literal. `<`, `>` and `&` are escaped too, so the text is also
    /// safe inside HTML should a page ever embed it.
    static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += Array("\\\"".utf8)
            case "\\": out += Array("\\\\".utf8)
            case "\n": out += Array("\\n".utf8)
            case "\r": out += Array("\\r".utf8)
            case "\t": out += Array("\\t".utf8)
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += Array(String(format: "\\u%04x", scalar.value).utf8)
            default:
                if scalar.value < 0x20 {
                    out += Array(String(format: "\\u%04x", scalar.value).utf8)
                } else {
                    out += Array(String(scalar).utf8)
                }
            }
        }
        out.append(0x22)
        return out
    }

    /// A JSON object from keys and values that are already JSON, in the given order.
    static func object(_ members: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [0x7B]
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { out.append(0x2C) }
            out += quoted(key)
            out.append(0x3A)
            out += value
        }
        out.append(0x7D)
        return out
    }

    /// A JSON array of values that are already JSON.
    static func array(_ values: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [0x5B]
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(0x2C) }
            out += value
        }
        out.append(0x5D)
        return out
    }
}
