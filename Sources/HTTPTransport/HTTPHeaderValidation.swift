/// Checks the request parts libcurl passes through verbatim (method, header names and values),
/// so a value cannot inject extra header lines or a second request.
enum HTTPHeaderValidation {
    /// Why the request cannot be sent, or nil. Never quotes a header value (it may be a secret).
    static func problem(in request: HTTPRequest) -> String? {
        guard isToken(request.method) else { return "invalid HTTP method" }
        for header in request.headers {
            guard isToken(header.name) else { return "invalid header name" }
            guard isValidValue(header.value) else {
                return "header '\(header.name)' has a line break or NUL in its value"
            }
        }
        return nil
    }

    /// RFC 9110 `token`: the syntax of methods and header names.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    true
                default:
                    "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }

    /// A header value must not contain CR, LF or NUL.
    static func isValidValue(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
    }
}
