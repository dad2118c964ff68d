import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A tiny HTTP server on a free 127.0.0.1 port for browser tests: answers `GET <path>` with
/// the given pages and files, each with the web console's Content-Security-Policy, so a page
/// that needs inline script or style fails the same way it would under `pb-web`.
///
/// ```swift
/// let server = try await StaticTestServer.start(files: [
///     "/": .init(html: "<!doctype html><script type=\"module\" src=\"/t.js\"></script>"),
///     "/t.js": .init(javascript: "document.title = 'ok'"),
///     "/js/dom.js": try .init(file: StaticTestServer.webRoot.appendingPathComponent("js/dom.js")),
/// ])
/// ```
public final class StaticTestServer: Sendable {
    /// One answer: its body and content type.
    public struct File: Sendable {
        public var body: [UInt8]
        public var contentType: String

        public init(body: [UInt8], contentType: String) {
            self.body = body
            self.contentType = contentType
        }

        /// An HTML page.
        public init(html: String) { self.init(body: Array(html.utf8), contentType: "text/html; charset=utf-8") }

        /// A JavaScript module or script.
        public init(javascript: String) { self.init(body: Array(javascript.utf8), contentType: "text/javascript; charset=utf-8") }

        /// A file from disk, typed by its extension.
        public init(file: URL) throws {
            let types = [
                "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
                "json": "application/json",
            ]
            self.init(body: Array(try Data(contentsOf: file)), contentType: types[file.pathExtension] ?? "application/octet-stream")
        }
    }

    /// The policy `pb-web` sends with every answer (docs/web-console.md).
    public static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    /// The repository's `web/` folder (the console's static files).
    public static let webRoot = SimulatorScenarios.packageRoot.appendingPathComponent("web")

    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts serving `files` (path → answer; anything else is 404) and returns once it listens.
    public static func start(files: [String: File]) async throws -> StaticTestServer {
        var logger = Logger(label: "static-test-server")
        logger.logLevel = .warning
        let router = Router()
        for (path, file) in files {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: file.contentType, .contentSecurityPolicy: contentSecurityPolicy, .cacheControl: "no-store"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.body)))
            }
        }
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in sink.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task {
            defer { sink.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw TestFailure("the static test server stopped before listening")
        }
        return StaticTestServer(port: port, group: group, task: task)
    }

    /// Stops the server.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
