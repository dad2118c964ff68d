/// The contract's one JSON parser (RFC 8259, nesting up to 512 deep, UTF-8 checked): builds
/// `JSONNode`s for the fast decoder, or nothing at all to check a payload (`JSONSyntax`). Pure.
enum JSONParser {
    /// The value `bytes` hold, with optional whitespace around it; `nil` when they are not JSON.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONNode? {
        run(bytes, sink: TreeSink())
    }

    /// Whether `bytes` hold exactly one JSON value, built into nothing.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        run(bytes, sink: NoSink()) != nil
    }

    private static func run<Sink: JSONSink>(_ bytes: UnsafeBufferPointer<UInt8>, sink: Sink) -> Sink.Value? {
        var parser = Parser(bytes: bytes, sink: sink)
        parser.skipWhitespace()
        guard let value = parser.value(depth: 0) else { return nil }
        parser.skipWhitespace()
        return parser.index == bytes.count ? value : nil
    }

    private struct Parser<Sink: JSONSink> {
        let bytes: UnsafeBufferPointer<UInt8>
        let sink: Sink
        var index = 0
        /// Deeper nesting is refused (no stack exhaustion on hostile input).
        static var maxDepth: Int { 512 }

        init(bytes: UnsafeBufferPointer<UInt8>, sink: Sink) {
            self.bytes = bytes
            self.sink = sink
        }

        @inline(__always) var current: UInt8 { index < bytes.count ? bytes[index] : 0 }

        @inline(__always) mutating func skipWhitespace() {
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                index += 1
            }
        }

        mutating func value(depth: Int) -> Sink.Value? {
            guard depth < Self.maxDepth else { return nil }
            switch current {
            case UInt8(ascii: "{"): return object(depth: depth + 1)
            case UInt8(ascii: "["): return array(depth: depth + 1)
            case UInt8(ascii: "\""): return string().map(sink.string)
            case UInt8(ascii: "t"): return literal("true") ? sink.bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? sink.bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? sink.null() : nil
            default: return number()
            }
        }

        mutating func object(depth: Int) -> Sink.Value? {
            index += 1
            var members = sink.members()
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                index += 1
                return sink.object(members)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\""), let key = string() else { return nil }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { return nil }
                index += 1
                skipWhitespace()
                guard let value = value(depth: depth) else { return nil }
                sink.add(key, value, to: &members)
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return sink.object(members)
                default: return nil
                }
            }
        }

        mutating func array(depth: Int) -> Sink.Value? {
            index += 1
            var items = sink.items()
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                index += 1
                return sink.array(items)
            }
            while true {
                skipWhitespace()
                guard let value = value(depth: depth) else { return nil }
                sink.add(value, to: &items)
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    return sink.array(items)
                default: return nil
                }
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        /// A string starting at the opening quote; `nil` for control characters, bad escapes or
        /// invalid UTF-8.
        mutating func string() -> Sink.Text? {
            index += 1
            let start = index
            // Fast path: no escapes.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    return sink.text(text)
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { return nil }
                index += 1
            }
            var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return decoded.withUnsafeBufferPointer { sink.text($0) }
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                    case UInt8(ascii: "b"): decoded.append(0x08)
                    case UInt8(ascii: "f"): decoded.append(0x0C)
                    case UInt8(ascii: "n"): decoded.append(0x0A)
                    case UInt8(ascii: "r"): decoded.append(0x0D)
                    case UInt8(ascii: "t"): decoded.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let scalar = unicodeEscape() else { return nil }
                        decoded.append(contentsOf: String(Character(scalar)).utf8)
                    default: return nil
                    }
                case 0..<0x20: return nil
                default: decoded.append(byte)
                }
            }
            return nil
        }

        /// The scalar of `\uXXXX` (the index after the `u`), joining a surrogate pair.
        mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let high = hex4() else { return nil }
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                index += 2
                guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            return Unicode.Scalar(high)
        }

        mutating func hex4() -> UInt32? {
            guard bytes.count - index >= 4 else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        /// A number per the JSON grammar: integers that fit stay exact, the rest become `Double`.
        mutating func number() -> Sink.Value? {
            let start = index
            var negative = false
            if current == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            let digitsStart = index
            var mantissa: UInt64 = 0
            var digits = 0
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            // No leading zeros.
            if digits > 1, bytes[digitsStart] == UInt8(ascii: "0") { return nil }
            var fractionDigits = 0
            var integral = true
            if current == UInt8(ascii: ".") {
                integral = false
                index += 1
                let fractionStart = index
                while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                    if digits < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- UInt8(ascii: "0"))
                        fractionDigits += 1
                    }
                    digits += 1
                    index += 1
                }
                guard index > fractionStart else { return nil }
            }
            var exponent = 0
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                integral = false
                index += 1
                var exponentNegative = false
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
                    exponentNegative = current == UInt8(ascii: "-")
                    index += 1
                }
                let exponentStart = index
                while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                    if exponent < 10_000 { exponent = exponent * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
                    index += 1
                }
                guard index > exponentStart else { return nil }
                if exponentNegative { exponent = -exponent }
            }
            if integral, negative, mantissa == 0 { return sink.double(-0.0) }
            if integral, digits <= 18 {
                let value = Int64(mantissa)
                return sink.integer(negative ? -value : value)
            }
            // Exact fast path (Clinger): a mantissa below 2^53 times or over an exact power of ten.
            let scale = exponent - fractionDigits
            if digits <= 15, mantissa < 1 << 53, (-22...22).contains(scale) {
                var value = Double(mantissa)
                value = scale < 0 ? value / powersOfTen[-scale] : value * powersOfTen[scale]
                if integral, value.magnitude < 9.2e18, let exact = Int64(exactly: value) {
                    return sink.integer(negative ? -exact : exact)
                }
                return sink.double(negative ? -value : value)
            }
            // Up to 19 digits the mantissa is exact: Eisel–Lemire rounds it unless undecided.
            if !integral, digits <= 19, let value = DecimalDouble.value(mantissa: mantissa, exponent: scale, negative: negative) {
                return sink.double(value)
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if integral, let exact = Int64(text) { return sink.integer(exact) }
            guard let value = Double(text) else { return nil }
            return sink.double(value)
        }

    }

}

/// 10^0 … 10^22, all exact in a `Double`.
private let powersOfTen: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
}

/// What the parser builds from what it reads.
protocol JSONSink {
    associatedtype Value
    /// A string's or key's text.
    associatedtype Text
    associatedtype Members
    associatedtype Items
    /// `nil` for invalid UTF-8.
    func text(_ bytes: UnsafeBufferPointer<UInt8>) -> Text?
    func string(_ text: Text) -> Value
    func null() -> Value
    func bool(_ value: Bool) -> Value
    func integer(_ value: Int64) -> Value
    func double(_ value: Double) -> Value
    func members() -> Members
    func add(_ key: Text, _ value: Value, to members: inout Members)
    func object(_ members: Members) -> Value
    func items() -> Items
    func add(_ value: Value, to items: inout Items)
    func array(_ items: Items) -> Value
}

/// Builds the `JSONNode` tree.
struct TreeSink: JSONSink {
    /// Valid UTF-8 as a `String`; `nil` otherwise (as Foundation refuses it).
    func text(_ buffer: UnsafeBufferPointer<UInt8>) -> String? {
        var ascii = true
        for byte in buffer where byte >= 0x80 {
            ascii = false
            break
        }
        return ascii ? String(decoding: buffer, as: UTF8.self) : String(validating: buffer, as: UTF8.self)
    }

    func string(_ text: String) -> JSONNode { .string(text) }
    func null() -> JSONNode { .null }
    func bool(_ value: Bool) -> JSONNode { .bool(value) }
    func integer(_ value: Int64) -> JSONNode { .integer(value) }
    func double(_ value: Double) -> JSONNode { .double(value) }
    func members() -> [(key: String, value: JSONNode)] {
        var members: [(key: String, value: JSONNode)] = []
        members.reserveCapacity(8)
        return members
    }
    func add(_ key: String, _ value: JSONNode, to members: inout [(key: String, value: JSONNode)]) { members.append((key, value)) }
    func object(_ members: [(key: String, value: JSONNode)]) -> JSONNode { .object(members) }
    func items() -> [JSONNode] { [] }
    func add(_ value: JSONNode, to items: inout [JSONNode]) { items.append(value) }
    func array(_ items: [JSONNode]) -> JSONNode { .array(items) }
}

/// Builds nothing: the parse only checks the syntax (and the UTF-8).
struct NoSink: JSONSink {
    func text(_ bytes: UnsafeBufferPointer<UInt8>) -> Void? {
        for byte in bytes where byte >= 0x80 {
            return String(validating: bytes, as: UTF8.self) != nil ? () : nil
        }
        return ()
    }
    func string(_ text: Void) {}
    func null() {}
    func bool(_ value: Bool) {}
    func integer(_ value: Int64) {}
    func double(_ value: Double) {}
    func members() {}
    func add(_ key: Void, _ value: Void, to members: inout Void) {}
    func object(_ members: Void) {}
    func items() {}
    func add(_ value: Void, to items: inout Void) {}
    func array(_ items: Void) {}
}

/// Checks JSON text without building it (the web console forwards payloads as they are).
public enum JSONSyntax {
    /// Whether `bytes` hold exactly one JSON value (RFC 8259, valid UTF-8, nesting up to 512),
    /// with optional whitespace around it.
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { JSONParser.isValid($0) }
    }
}
