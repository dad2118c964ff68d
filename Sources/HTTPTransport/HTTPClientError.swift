/// A transport failure of `CurlHTTPClient`. Never carries header values (tokens) nor the
/// URL's user info or query: `url` is redacted.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that react differently (retry on `.timeout`, alert on pin mismatch).
    public enum Kind: Sendable, Hashable {
        /// The URL is malformed or not http/https.
        case invalidURL
        /// The request itself is unusable (bad method or header name/value).
        case invalidRequest
        /// The client configuration is unusable (pin not 32 bytes, no connections).
        case invalidConfiguration
        /// The request or its connection timed out.
        case timeout
        /// DNS failure, connection refused or dropped.
        case connectionFailed
        /// TLS handshake or certificate verification failed.
        case tlsFailure
        /// The server's certificate does not match the pinned SHA-256 fingerprint.
        case certificatePinMismatch
        /// The calling task was cancelled.
        case cancelled
        /// Any other libcurl failure: see `curlCode` and `message`.
        case other
    }

    public var kind: Kind
    /// libcurl's `CURLcode` when the failure came from libcurl.
    public var curlCode: Int?
    /// Human-readable detail (libcurl's error buffer or our own text).
    public var message: String
    /// The request URL without user info, query or fragment.
    public var url: String

    public init(kind: Kind, curlCode: Int? = nil, message: String, url: String) {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
        self.url = url
    }

    public var description: String {
        let code = curlCode.map { " (curl \($0))" } ?? ""
        return "HTTP \(kind) for \(url): \(message)\(code)"
    }
}
