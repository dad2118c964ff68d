import Foundation

/// One HTTP request: method, absolute URL, headers and an optional body.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// Whole-request timeout; `nil` uses the client's default.
    public var timeout: Duration?

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
        body: Data? = nil, timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// One HTTP response. `reasonPhrase` is kept because Proxmox puts its error text there.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var reasonPhrase: String
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(status: Int, reasonPhrase: String = "", headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Anything that can carry an `HTTPRequest` to a server: libcurl in production, a stub in unit tests.
public protocol HTTPClient: Sendable {
    /// Sends the request and returns the response, whatever its status. Throws only for
    /// transport failures (DNS, connect, TLS, pin mismatch, timeout, cancellation).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
