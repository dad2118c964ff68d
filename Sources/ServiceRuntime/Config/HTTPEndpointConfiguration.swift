import Contract
import Foundation

/// Where a service serves `/healthz`, `/readyz` and `/metrics` over plain HTTP: the setting
/// `<service>.http_bind` (`PROXBALANCE_COLLECTOR_HTTP_BIND`, …), `host:port` such as
/// `0.0.0.0:9101` (`[::]:9101` for IPv6). Off unless set.
public struct HTTPEndpointConfiguration: Sendable, Equatable {
    /// The address listened on: an IP address or a host name.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` (`[address]:port` for IPv6); `nil` when it is not that, or the port is
    /// not from 1 to 65535 (0, any free port, only with `anyPort`).
    public init?(bind: String, anyPort: Bool = false) {
        let text = bind.trimmingCharacters(in: .whitespaces)
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].dropFirst().hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[close...].dropFirst(2)
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[colon...].dropFirst()
            guard !host.contains(":") else { return nil }
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace), let number = Int(port), ((anyPort ? 0 : 1)...65_535).contains(number) else {
            return nil
        }
        self.init(host: String(host), port: number)
    }

    /// The dotted key of `service`'s setting, e.g. `collector.http_bind`.
    public static func key(for service: ServiceName) -> String { "\(service.rawValue).http_bind" }

    /// Reads `service`'s setting; `nil` when it is not set (no HTTP endpoint).
    /// - Throws: `ConfigurationError` naming the setting when it is not `host:port`.
    public static func read(from source: ConfigSource, service: ServiceName) throws -> HTTPEndpointConfiguration? {
        let key = key(for: service)
        guard let text = source.string(key) else { return nil }
        guard let endpoint = HTTPEndpointConfiguration(bind: text) else {
            throw ConfigurationError(
                setting: ConfigSource.environmentName(key), problem: "'\(text)' is not host:port with a port from 1 to 65535, e.g. 0.0.0.0:9101")
        }
        return endpoint
    }

    /// The endpoint's address as asked from the same machine: loopback when it listens on every
    /// interface (`0.0.0.0`, `::`), else its own host; e.g. `http://127.0.0.1:9101`.
    public var localURL: String {
        switch host {
        case "0.0.0.0": "http://127.0.0.1:\(port)"
        case "::", "::0": "http://[::1]:\(port)"
        default: host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
        }
    }
}
