/// Where a running simulator server can be reached.
public struct PVESimulatorEndpoint: Sendable, Equatable {
    /// `https` or `http`.
    public let scheme: String
    public let host: String
    /// The bound port (the real one when port 0 was asked for).
    public let port: Int
    /// SHA-256 fingerprint of the served certificate; `nil` over plain HTTP.
    public let fingerprint: String?

    /// `https://<host>:<port>`, with IPv6 hosts in brackets.
    public var baseURL: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed):\(port)"
    }
}
