/// Writes one JSON object member by member, for the hand-written encoders of the hottest types
/// (`GuestState+FastJSON`). Members must be written in byte order of their keys (the order of
/// Foundation's `.sortedKeys`). A non-finite number marks the result invalid: the caller then
/// takes the generic way, which reports it as Foundation does.
struct JSONObjectWriter {
    var bytes: [UInt8] = []
    private var first = true
    private(set) var valid = true

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func key(_ key: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        JSONStringLiteral.append(value, to: &bytes)
    }

    mutating func field(_ name: StaticString, _ value: String?) { if let value { field(name, value) } }

    mutating func field(_ name: StaticString, _ value: Int) { field(name, Int64(value)) }

    mutating func field(_ name: StaticString, _ value: Int64) {
        key(name)
        JSONNumberText.append(value, to: &bytes)
    }

    mutating func field(_ name: StaticString, _ value: Int64?) { if let value { field(name, value) } }
    mutating func field(_ name: StaticString, _ value: Int?) { if let value { field(name, Int64(value)) } }

    mutating func field(_ name: StaticString, _ value: Double) {
        guard value.isFinite else {
            valid = false
            return
        }
        key(name)
        JSONNumberText.append(value, to: &bytes)
    }

    mutating func field(_ name: StaticString, _ value: Double?) { if let value { field(name, value) } }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: value ? [0x74, 0x72, 0x75, 0x65] : [0x66, 0x61, 0x6C, 0x73, 0x65])
    }

    mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONStringLiteral.append(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A member whose value is an object, its members written by `write` straight into these
    /// bytes (no buffer of its own).
    mutating func field<Value>(_ name: StaticString, object value: Value, _ write: (Value, inout JSONObjectWriter) -> Void) {
        key(name)
        var item = JSONObjectWriter(taking: &bytes)
        write(value, &item)
        item.close(into: &bytes)
        if !item.valid { valid = false }
    }

    /// A member whose value is an array of objects, each written by `write` straight into these
    /// bytes.
    mutating func field<Element>(_ name: StaticString, objects: [Element], _ write: (Element, inout JSONObjectWriter) -> Void) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, element) in objects.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            var item = JSONObjectWriter(taking: &bytes)
            write(element, &item)
            item.close(into: &bytes)
            if !item.valid { valid = false }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A writer that continues `bytes` (left empty meanwhile, so the buffer is not copied).
    private init(taking bytes: inout [UInt8]) {
        swap(&self.bytes, &bytes)
        self.bytes.append(UInt8(ascii: "{"))
    }

    /// Ends the object and hands the bytes back to the writer they were taken from.
    private mutating func close(into bytes: inout [UInt8]) {
        self.bytes.append(UInt8(ascii: "}"))
        swap(&self.bytes, &bytes)
    }

}
