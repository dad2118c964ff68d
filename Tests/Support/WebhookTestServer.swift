import Foundation
import HTTPTransport
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A fake chat service on 127.0.0.1 for notifier tests and benchmarks: answers like Slack
/// (`200 ok`), Discord (`204`), ntfy or Gotify (`200` JSON), records every request, enforces the
/// service's rate limit like the real one (answering 429 and counting the violation), and can be
/// scripted to answer 429 with `Retry-After`, 5xx, 404, or to hang past the client's timeout.
///
/// ```swift
/// let server = try await WebhookTestServer.start(flavor: .discord)
/// defer { Task { await server.stop() } }
/// server.script([.status(500), .hang(.seconds(3))])   // the next two requests; then normal answers
/// ```
public final class WebhookTestServer: Sendable {
    /// Which service to imitate.
    public enum Flavor: Sendable {
        case slack, discord, ntfy, gotify, webhook
    }

    /// A scripted answer.
    public enum Answer: Sendable, Equatable {
        /// The flavor's normal success.
        case ok
        /// This status with a small body.
        case status(Int)
        /// 429 with `Retry-After` (seconds) and, for Discord, the JSON body with `retry_after`.
        case rateLimited(seconds: Double)
        /// Answer 200 only after this long (the client should have given up).
        case hang(Duration)
    }

    /// A request as the server saw it, and what it answered.
    public struct Request: Sendable {
        public var path: String
        /// Header names lower-cased.
        public var headers: [String: String]
        public var body: Data
        public var at: Date
        /// The status answered; 0 for a hung request the client abandoned.
        public var status: Int

        /// The first header with this name, compared case-insensitively.
        public func header(_ name: String) -> String? { headers[name.lowercased()] }

        /// The body as JSON, or `nil`.
        public var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
        public var accepted: Bool { (200..<300).contains(status) }
    }

    private struct State {
        var script: [Answer] = []
        var fallback: Answer = .ok
        var requests: [Request] = []
        var recent: [Date] = []
        var violations = 0
    }

    public let flavor: Flavor
    /// Requests allowed per window before the server answers 429 (`nil`: no limit).
    public let rateLimit: (requests: Int, perSeconds: Double)?
    public let port: Int
    private let state = Mutex(State())
    private let group = Mutex<ServiceGroup?>(nil)
    private let task = Mutex<Task<Void, any Error>?>(nil)

    private init(flavor: Flavor, rateLimit: (requests: Int, perSeconds: Double)?, port: Int) {
        self.flavor = flavor
        self.rateLimit = rateLimit
        self.port = port
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a server on a free port (or `port`) and returns once it listens.
    public static func start(
        flavor: Flavor, rateLimit: (requests: Int, perSeconds: Double)? = nil, port: Int = 0
    ) async throws -> WebhookTestServer {
        var logger = Logger(label: "webhook-test-server")
        logger.logLevel = .warning
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let box = Mutex<WebhookTestServer?>(nil)
        let responder = Responder(server: { box.withLock { $0 } })
        let application = Application(
            responder: responder, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in sink.yield(channel.localAddress?.port ?? port) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task {
            defer { sink.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            try await task.value
            throw WebhookTestServerError("the webhook test server stopped before listening")
        }
        let server = WebhookTestServer(flavor: flavor, rateLimit: rateLimit, port: bound)
        box.withLock { $0 = server }
        server.group.withLock { $0 = group }
        server.task.withLock { $0 = task }
        return server
    }

    /// Stops the server; the port is free afterwards.
    public func stop() async {
        if let group = group.withLock({ $0 }) { await group.triggerGracefulShutdown() }
        _ = await task.withLock({ $0 })?.result
    }

    /// The answers to the next requests, in order; after them the fallback.
    public func script(_ answers: [Answer]) { state.withLock { $0.script += answers } }

    /// The answer once the script is used up (`.ok` at first), e.g. `.status(500)` for an outage.
    public func setFallback(_ answer: Answer) { state.withLock { $0.fallback = answer } }

    /// Every request so far.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// Requests answered with 2xx.
    public var accepted: [Request] { requests.filter(\.accepted) }

    /// Requests that came over the rate limit (answered 429 by the limiter, not by the script).
    public var violations: Int { state.withLock { $0.violations } }

    /// Waits until `condition` holds for the requests, failing after `timeout`.
    public func wait(
        for what: String, timeout: Duration = .seconds(20), until condition: @escaping @Sendable ([Request]) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(requests) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WebhookTestServerError("timed out after \(timeout) waiting for \(what); got \(requests.count) requests: \(requests.map(\.status))")
    }

    /// Decides the answer to a request arriving now and records it.
    fileprivate func answer(path: String, headers: [String: String], body: Data) -> (index: Int, answer: Answer, limited: Bool) {
        state.withLock { state in
            let now = Date()
            var limited = false
            if let rateLimit {
                state.recent = state.recent.filter { now.timeIntervalSince($0) < rateLimit.perSeconds }
                if state.recent.count >= rateLimit.requests {
                    limited = true
                    state.violations += 1
                } else {
                    state.recent.append(now)
                }
            }
            let answer: Answer = limited ? .rateLimited(seconds: 1) : (state.script.isEmpty ? state.fallback : state.script.removeFirst())
            state.requests.append(Request(path: path, headers: headers, body: body, at: now, status: 0))
            return (state.requests.count - 1, answer, limited)
        }
    }

    fileprivate func recordStatus(_ status: Int, at index: Int) {
        state.withLock { $0.requests[index].status = status }
    }

    private struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let server: @Sendable () -> WebhookTestServer?

        func respond(to request: Hummingbird.Request, context: Context) async throws -> Response {
            guard let server = server() else { return Response(status: .serviceUnavailable) }
            var request = request
            let body = Data(try await request.collectBody(upTo: 1 << 22).readableBytesView)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let path = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            let (index, answer, _) = server.answer(path: path, headers: headers, body: body)
            let (status, responseHeaders, responseBody) = server.response(for: answer)
            if case .hang(let duration) = answer {
                try await Task.sleep(for: duration)
                return Response(status: .ok)  // the client gave up long ago: status stays 0
            }
            server.recordStatus(status, at: index)
            var fields = HTTPFields()
            for (name, value) in responseHeaders {
                if let name = HTTPField.Name(name) { fields[name] = value }
            }
            return Response(
                status: HTTPResponse.Status(code: status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(string: responseBody)))
        }
    }

    fileprivate func response(for answer: Answer) -> (Int, [(String, String)], String) {
        switch answer {
        case .ok, .hang:
            switch flavor {
            case .slack: return (200, [("Content-Type", "text/plain")], "ok")
            case .discord: return (204, [], "")
            case .ntfy: return (200, [("Content-Type", "application/json")], #"{"id":"x","event":"message"}"#)
            case .gotify: return (200, [("Content-Type", "application/json")], #"{"id":1}"#)
            case .webhook: return (200, [], "")
            }
        case .status(let code):
            let text: String =
                switch (flavor, code) {
                case (.slack, 404): "no_service"
                case (.slack, 410): "channel_is_archived"
                case (.slack, _): code >= 500 ? "rollup_error" : "invalid_payload"
                case (.discord, 404): #"{"message": "Unknown Webhook", "code": 10015}"#
                default: #"{"error": "status \#(code)"}"#
                }
            return (code, [], text)
        case .rateLimited(let seconds):
            let body =
                flavor == .discord ? #"{"message": "You are being rate limited.", "retry_after": \#(seconds), "global": false}"# : "rate limited"
            let header = flavor == .discord ? String(Int(seconds.rounded(.up))) : String(seconds)
            return (429, [("Retry-After", header)], body)
        }
    }
}

/// The webhook test server failed.
public struct WebhookTestServerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
