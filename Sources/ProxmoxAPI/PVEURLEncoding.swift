/// Percent-encoding for API paths, query strings and form bodies (RFC 3986 unreserved set).
package enum PVEURLEncoding {
    /// `/nodes/pve1/qemu/100/config` from its segments, each percent-encoded (a UPID keeps its
    /// `:`, `@` and `!`, which are legal in a path segment).
    package static func path(_ segments: String...) -> String {
        segments.map { "/" + encode($0, keeping: pathExtras) }.joined()
    }

    /// `a=1&b=x%20y` (also the `application/x-www-form-urlencoded` body).
    package static func form(_ items: [(name: String, value: String)]) -> String {
        items.map { "\(encode($0.name, keeping: []))=\(encode($0.value, keeping: []))" }.joined(separator: "&")
    }

    private static let pathExtras: Set<UInt8> = Set(":@!".utf8)

    private static func encode(_ text: String, keeping extras: Set<UInt8>) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || extras.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += byte < 16 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return result
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
