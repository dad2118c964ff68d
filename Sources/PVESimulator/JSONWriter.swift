import Contract
import Foundation

/// A minimal streaming JSON writer: appends bytes directly, so large answers
/// (`/cluster/resources` for thousands of guests) are built without intermediate objects.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    var data: Data { Data(bytes) }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes an object key; the next value call writes its value.
    mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        writeString(value)
        needsComma = true
    }

    mutating func int(_ value: Int) {
        separate()
        writeInt(value)
        needsComma = true
    }

    /// A JSON number; non-finite values are written as 0.
    mutating func double(_ value: Double) {
        separate()
        if !value.isFinite {
            bytes.append(UInt8(ascii: "0"))
        } else if value == value.rounded(), abs(value) < 1e15 {
            writeInt(Int(value))
        } else if abs(value) >= 1e-6, abs(value) < 1e13 {
            writeDecimal(value)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
        needsComma = true
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    // Convenience for object members.
    mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }
    mutating func field(_ name: String, _ value: Int) {
        key(name)
        int(value)
    }
    mutating func field(_ name: String, _ value: Double) {
        key(name)
        double(value)
    }
    /// Proxmox booleans are 0/1 integers.
    mutating func field(_ name: String, flag value: Bool) {
        key(name)
        int(value ? 1 : 0)
    }
    mutating func fieldIfPresent(_ name: String, _ value: String?) { if let value { field(name, value) } }

    mutating func stringArray(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    private mutating func writeInt(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var remaining = magnitude
        var count = 0
        repeat {
            count += 1
            remaining /= 10
        } while remaining > 0
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        remaining = magnitude
        var position = start + count - 1
        while remaining > 0 {
            bytes[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            position -= 1
        }
    }

    /// Fixed-point rendering with up to 15 significant digits, without allocating.
    private mutating func writeDecimal(_ value: Double) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = abs(value)
        var integer = Int(magnitude)
        var integerDigits = 1
        var probe = integer
        while probe >= 10 {
            probe /= 10
            integerDigits += 1
        }
        let decimals = max(1, min(12, 15 - integerDigits))
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        var fraction = Int(((magnitude - Double(integer)) * Double(scale)).rounded())
        if fraction >= scale {
            integer += 1
            fraction -= scale
        }
        writeInt(integer)
        guard fraction > 0 else { return }
        var digits = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        bytes.append(UInt8(ascii: "."))
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var position = start + digits - 1
        while fraction > 0 {
            bytes[position] = UInt8(ascii: "0") + UInt8(fraction % 10)
            fraction /= 10
            position -= 1
        }
    }

    private mutating func writeString(_ value: String) {
        JSONStringLiteral.append(value, to: &bytes)
    }
}
