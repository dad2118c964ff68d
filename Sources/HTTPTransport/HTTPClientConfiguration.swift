/// Settings of a `CurlHTTPClient`: timeouts, TLS verification and the connection pool size.
public struct HTTPClientConfiguration: Sendable {
    /// Whole-request timeout, used when the request does not set its own.
    public var timeout: Duration
    /// Time allowed to establish the TCP + TLS connection.
    public var connectTimeout: Duration
    /// Verify the certificate chain and the host name (default on). Ignored when a pin is set.
    public var verifyTLS: Bool
    /// A PEM bundle of CA certificates to trust instead of the system bundle.
    public var caFile: String?
    /// SHA-256 of the server's certificate (32 bytes, see `CertificateFingerprint.parse`).
    /// When set, it replaces chain and host-name verification.
    public var pinnedSHA256: [UInt8]?
    /// Requests in flight at once; each has its own reused connection. Further requests wait.
    public var maxConnections: Int
    /// The `User-Agent` header sent with every request.
    public var userAgent: String

    public init(
        timeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(10), verifyTLS: Bool = true,
        caFile: String? = nil, pinnedSHA256: [UInt8]? = nil, maxConnections: Int = 8,
        userAgent: String = "ProxBalance"
    ) {
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.verifyTLS = verifyTLS
        self.caFile = caFile
        self.pinnedSHA256 = pinnedSHA256
        self.maxConnections = maxConnections
        self.userAgent = userAgent
    }
}
