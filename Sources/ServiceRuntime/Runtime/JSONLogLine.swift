import Contract
import Foundation
import Logging

/// One log line being written as a JSON object, field by field.
struct JSONLogLine {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]

    mutating func field(_ key: String, _ value: String) {
        separate()
        JSONStringLiteral.append(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        JSONStringLiteral.append(value, to: &bytes)
    }

    mutating func field(_ key: String, _ value: Logger.Metadata.Value) {
        separate()
        JSONStringLiteral.append(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(value)
    }

    /// The object, closed and followed by a newline.
    mutating func finished() -> Data {
        bytes.append(contentsOf: "}\n".utf8)
        return Data(bytes)
    }

    private mutating func separate() {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func append(_ value: Logger.Metadata.Value) {
        switch value {
        case .string(let text): JSONStringLiteral.append(text, to: &bytes)
        case .stringConvertible(let convertible): JSONStringLiteral.append(convertible.description, to: &bytes)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            bytes.append(UInt8(ascii: "{"))
            for (index, (key, item)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONStringLiteral.append(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                append(item)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}
