import Foundation
import HTTPTransport
import Logging
import ProxmoxAPI
import ProxmoxClient
import Synchronization

/// An `HTTPClient` for unit tests: answers every request with `handler` and records what was sent.
final class PVEStubHTTPClient: HTTPClient {
    private let handler: @Sendable (HTTPRequest) throws -> HTTPResponse
    private let recorded = Mutex<[HTTPRequest]>([])

    init(handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
        self.handler = handler
    }

    /// Answers every request with `status`, `reason` and `body`.
    convenience init(status: Int = 200, reason: String = "OK", body: Data) {
        self.init { _ in HTTPResponse(status: status, reasonPhrase: reason, body: body) }
    }

    /// Answers every request with `{"data": <json>}`.
    convenience init(data json: String) {
        self.init(body: Data("{\"data\":\(json)}".utf8))
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        recorded.withLock { $0.append(request) }
        return try handler(request)
    }

    /// Every request sent so far, in order.
    var requests: [HTTPRequest] { recorded.withLock { $0 } }
}

extension HTTPRequest {
    /// The first header with this name (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The body as text.
    var bodyText: String? { body.map { String(decoding: $0, as: UTF8.self) } }
}

/// Log lines captured by `PVERecordingLogHandler`, shared between the handler and the test.
final class PVELogLines: Sendable {
    private let storage = Mutex<[String]>([])

    func append(_ line: String) { storage.withLock { $0.append(line) } }

    /// Every line so far.
    var all: [String] { storage.withLock { $0 } }
}

/// A swift-log handler that keeps every rendered line (level, message, metadata) for assertions.
struct PVERecordingLogHandler: LogHandler {
    let lines: PVELogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.append("\(event.level) \(event.message) \(merged)")
    }
}

/// Shared values for the Proxmox client tests.
enum PVETestSupport {
    /// A distinctive secret, so tests can search for it in any output.
    static let secret = "5ecr3t-0b1d-4c4f-9f00-abcdefabcdef"
    static let tokenText = "monitor@pve!collector=\(secret)"

    static func token() throws -> PVEToken {
        try PVEToken(parsing: tokenText)
    }

    /// A client over `http` whose log lines are captured in `logs`.
    static func client(
        _ http: PVEStubHTTPClient, baseURL: String = "https://pve1.example:8006", logs: PVELogLines = PVELogLines()
    ) throws -> PVEClient {
        let logger = Logger(label: "pve-test") { _ in PVERecordingLogHandler(lines: logs) }
        return PVEClient(baseURL: baseURL, token: try token(), http: http, logger: logger)
    }
}
