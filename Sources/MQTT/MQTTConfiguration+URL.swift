import Foundation

extension MQTTConfiguration {
    /// Parses `mqtt://[user[:password]@]host[:port]` or `mqtts://…` (TLS). Ports default to 1883
    /// and 8883; user and password are percent-decoded; IPv6 hosts go in brackets. Everything
    /// else keeps its default.
    /// - Throws: `MQTTError` (`.invalidArgument`) naming the problem, never echoing the password.
    public init(url: String, clientID: String) throws {
        self.init(clientID: clientID)
        let parts = try BrokerURL(url)
        host = parts.host
        tls = parts.tls
        port = parts.port ?? (parts.tls ? Self.defaultTLSPort : Self.defaultPort)
        username = parts.username
        password = parts.password
    }
}

/// The pieces of a broker URL; parsing is strict so typos fail at startup, not at connect time.
private struct BrokerURL {
    var tls: Bool
    var host: String
    var port: Int?
    var username: String?
    var password: String?

    init(_ url: String) throws {
        host = ""
        guard let separator = url.range(of: "://") else {
            throw Self.invalid("missing scheme, expected mqtt:// or mqtts://")
        }
        switch url[..<separator.lowerBound].lowercased() {
        case "mqtt": tls = false
        case "mqtts": tls = true
        case let other: throw Self.invalid("unsupported scheme '\(other)', expected mqtt or mqtts")
        }
        var rest = url[separator.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            throw Self.invalid("query strings and fragments are not supported")
        }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...] == "/" else { throw Self.invalid("paths are not supported") }
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            try Self.parseUserInfo(rest[..<at], into: &self)
            rest = rest[rest.index(after: at)...]
        }
        try Self.parseHostPort(rest, into: &self)
    }

    private static func parseUserInfo(_ info: Substring, into url: inout BrokerURL) throws {
        let user: Substring
        if let colon = info.firstIndex(of: ":") {
            user = info[..<colon]
            guard let password = String(info[info.index(after: colon)...]).removingPercentEncoding else {
                throw invalid("malformed percent-encoding in the password")
            }
            url.password = password
        } else {
            user = info
        }
        guard let name = String(user).removingPercentEncoding, !name.isEmpty else {
            throw invalid(user.isEmpty ? "empty user name" : "malformed percent-encoding in the user name")
        }
        url.username = name
    }

    private static func parseHostPort(_ text: Substring, into url: inout BrokerURL) throws {
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            url.host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else {
            let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw invalid("too many ':' in host and port (IPv6 hosts need [brackets])") }
            url.host = String(pieces[0])
            portText = pieces.count == 2 ? pieces[1] : nil
        }
        guard !url.host.isEmpty else { throw invalid("missing host") }
        if let portText {
            guard portText.allSatisfy(\.isASCII), let port = Int(portText), (1...65535).contains(port) else {
                throw invalid("invalid port '\(portText)', expected 1-65535")
            }
            url.port = port
        }
    }

    private static func invalid(_ problem: String) -> MQTTError {
        MQTTError(kind: .invalidArgument, message: "invalid MQTT URL: \(problem)")
    }
}
