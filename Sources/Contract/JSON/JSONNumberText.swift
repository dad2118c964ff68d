/// JSON numbers as Foundation's encoder writes them: integers in decimal, doubles in their
/// shortest round-trip form without a trailing `.0` (`1`, `0.1`, `1e-07`, `1e+20`). Pure.
enum JSONNumberText {
    static func append(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendMagnitude(value.magnitude, to: &bytes)
    }

    static func append(_ value: Double, to bytes: inout [UInt8]) {
        // Whole numbers below 2^53 print as integers (Swift writes them `12.0`, Foundation drops
        // the `.0`); larger ones switch to exponent form in `description`.
        if value.magnitude < 9_007_199_254_740_992, value == value.rounded(.towardZero) {
            if value.sign == .minus { bytes.append(UInt8(ascii: "-")) }
            appendMagnitude(UInt64(value.magnitude), to: &bytes)
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    private static func appendMagnitude(_ value: UInt64, to bytes: inout [UInt8]) {
        guard value >= 10 else {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        // At most 20 digits, written from the end.
        var count = 0
        var rest = value
        while rest > 0 {
            count += 1
            rest /= 10
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        rest = value
        var index = start + count - 1
        while rest > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }
}
