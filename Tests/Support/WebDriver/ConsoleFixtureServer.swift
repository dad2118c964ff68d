import Contract
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A stand-in for `pb-web`'s HTTP API (docs/web-console.md) serving the real `web/` folder and a
/// fixed `ConsoleState`, for browser tests of the console without a broker: login with the
/// `pb_session` cookie and a CSRF token, `/api/session`, `/api/state`, the `/api/events` stream
/// (`state`, then whatever `push(_:)` sends), and bus calls that are recorded and answered `ok`
/// (403 `forbidden` for a viewer's command, 403 `csrf` without the token).
public final class ConsoleFixtureServer: Sendable {
    /// A user name's password and role (`operator` or `viewer`).
    public struct Account: Sendable {
        public var password: String
        public var role: String

        public init(password: String, role: String) {
            self.password = password
            self.role = role
        }
    }

    /// A `POST` the console sent to `/api/clusters/…` or `/api/logout`.
    public struct Call: Sendable {
        public var path: String
        public var body: JSONValue
        /// The `X-CSRF-Token` header as sent.
        public var csrfToken: String?
        /// The session's user, if the cookie named one.
        public var user: String?
        /// The session's CSRF token (what `csrfToken` should be).
        public var expectedCSRFToken: String?
    }

    private struct Session: Sendable {
        var user: String
        var role: String
        var csrfToken: String
    }

    private struct State: Sendable {
        var sessions: [String: Session] = [:]
        var streams: [UUID: AsyncStream<String>.Continuation] = [:]
        var calls: [Call] = []
        var consoleState: JSONValue
    }

    /// The ops a viewer may call (docs/web-console.md, Roles).
    static let readOnlyOperations: Set<String> = [
        "why", "migration_options", "recommendations", "export", "validate", "history", "task_log", "status",
    ]

    public let port: Int
    private let state: Mutex<State>
    private let accounts: [String: Account]
    private let group = Mutex<ServiceGroup?>(nil)
    private let task = Mutex<Task<Void, any Error>?>(nil)

    private init(port: Int, consoleState: JSONValue, accounts: [String: Account]) {
        self.port = port
        self.accounts = accounts
        state = Mutex(State(consoleState: consoleState))
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `Tests/Fixtures/console-state.json`: a ConsoleState captured from the demo cluster (served
    /// with `server_time` now, so its snapshot is stale).
    public static func fixtureState() throws -> JSONValue {
        let url = SimulatorScenarios.packageRoot.appendingPathComponent("Tests/Fixtures/console-state.json")
        return try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
    }

    /// Starts serving `consoleState` to `accounts` (by default `alice` operator and `bob`
    /// viewer, both with password `demo`) on a free port.
    public static func start(
        consoleState: JSONValue,
        accounts: [String: Account] = ["alice": Account(password: "demo", role: "operator"), "bob": Account(password: "demo", role: "viewer")]
    ) async throws -> ConsoleFixtureServer {
        var logger = Logger(label: "console-fixture-server")
        logger.logLevel = .warning
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let box = Mutex<ConsoleFixtureServer?>(nil)
        let application = Application(
            responder: Responder(server: { box.withLock { $0 } }),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in sink.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task {
            defer { sink.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw TestFailure("the console fixture server stopped before listening")
        }
        let server = ConsoleFixtureServer(port: port, consoleState: consoleState, accounts: accounts)
        box.withLock { $0 = server }
        server.group.withLock { $0 = group }
        server.task.withLock { $0 = task }
        return server
    }

    /// Sends one `ConsoleUpdate` (`{"cluster", "part", "value"}`) to every open event stream.
    public func push(_ update: JSONValue) {
        let data = String(decoding: (try? JSONEncoder().encode(update)) ?? Data("{}".utf8), as: UTF8.self)
        state.withLock { state in
            for stream in state.streams.values { stream.yield("event: update\ndata: \(data)\n\n") }
        }
    }

    /// Ends every open event stream (the page should show it is reconnecting, then reconnect).
    public func dropStreams() {
        let streams = state.withLock { state in
            defer { state.streams = [:] }
            return Array(state.streams.values)
        }
        for stream in streams { stream.finish() }
    }

    /// How many event streams are open.
    public var openStreams: Int { state.withLock { $0.streams.count } }

    /// Every call so far.
    public var calls: [Call] { state.withLock { $0.calls } }

    /// Stops the server (open streams end first).
    public func stop() async {
        dropStreams()
        if let group = group.withLock({ $0 }) { await group.triggerGracefulShutdown() }
        _ = await task.withLock({ $0 })?.result
    }

    // MARK: Answers

    private static let policy = StaticTestServer.contentSecurityPolicy

    private static func json(_ status: HTTPResponse.Status, _ value: JSONValue, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store", .contentSecurityPolicy: policy]
        headers.append(contentsOf: extra)
        let body = (try? JSONEncoder().encode(value)) ?? Data()
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        json(status, .object(["error": .object(["code": .string(code), "message": .string(message)])]))
    }

    private func session(_ request: Request) -> (token: String, session: Session)? {
        guard let cookie = request.headers[.cookie] else { return nil }
        for part in cookie.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2, pair[0] == "pb_session", let found = state.withLock({ $0.sessions[pair[1]] }) { return (pair[1], found) }
        }
        return nil
    }

    private static func sessionJSON(_ session: Session) -> JSONValue {
        .object(["user": .string(session.user), "role": .string(session.role), "csrf_token": .string(session.csrfToken)])
    }

    fileprivate func respond(_ request: Request, body: Data) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/") else { return staticFile(path) }
        if request.method == .post, path == "/api/login" {
            guard case .object(let login)? = try? JSONDecoder().decode(JSONValue.self, from: body),
                case .string(let user)? = login["username"], case .string(let password)? = login["password"],
                let account = accounts[user], account.password == password
            else { return Self.error(.unauthorized, "unauthenticated", "wrong user name or password") }
            let token = UUID().uuidString
            let session = Session(user: user, role: account.role, csrfToken: UUID().uuidString)
            state.withLock { $0.sessions[token] = session }
            return Self.json(.ok, Self.sessionJSON(session), headers: [.setCookie: "pb_session=\(token); HttpOnly; SameSite=Strict; Path=/"])
        }
        guard let (token, session) = session(request) else { return Self.error(.unauthorized, "unauthenticated", "log in first") }
        switch (request.method, path) {
        case (.get, "/api/session"):
            return Self.json(.ok, Self.sessionJSON(session))
        case (.get, "/api/state"):
            return Self.json(.ok, consoleState(for: session))
        case (.get, "/api/events"):
            return events(for: session)
        case (.post, _):
            let sent = request.headers[HTTPField.Name("X-CSRF-Token")!]
            let decoded = (try? JSONDecoder().decode(JSONValue.self, from: body)) ?? .null
            state.withLock {
                $0.calls.append(Call(path: path, body: decoded, csrfToken: sent, user: session.user, expectedCSRFToken: session.csrfToken))
            }
            guard sent == session.csrfToken else { return Self.error(.forbidden, "csrf", "the CSRF token is missing or wrong") }
            if path == "/api/logout" {
                _ = state.withLock { $0.sessions.removeValue(forKey: token) }
                return Self.json(.ok, .object([:]))
            }
            let operation = path.split(separator: "/").last.map(String.init) ?? ""
            let reading = path.contains("/request/") && Self.readOnlyOperations.contains(operation)
            guard session.role == "operator" || reading else { return Self.error(.forbidden, "forbidden", "a viewer may only read") }
            return Self.json(.ok, .object(["v": .number(1), "ok": .bool(true), "result": .object([:])]))
        default:
            return Self.error(.notFound, "not_found", path)
        }
    }

    private func consoleState(for session: Session) -> JSONValue {
        guard case .object(var object) = state.withLock({ $0.consoleState }) else { return .null }
        object["user"] = .string(session.user)
        object["role"] = .string(session.role)
        object["server_time"] = .string(ISO8601DateFormatter().string(from: Date()))
        return .object(object)
    }

    private func events(for session: Session) -> Response {
        let (lines, sink) = AsyncStream.makeStream(of: String.self)
        let first = String(decoding: (try? JSONEncoder().encode(consoleState(for: session))) ?? Data(), as: UTF8.self)
        sink.yield("event: state\ndata: \(first)\n\n")
        state.withLock { $0.streams[UUID()] = sink }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                for await line in lines { try await writer.write(ByteBuffer(string: line)) }
                try await writer.finish(nil)
            })
    }

    private func staticFile(_ path: String) -> Response {
        let root = StaticTestServer.webRoot.standardizedFileURL
        let file = root.appendingPathComponent(path == "/" ? "index.html" : String(path.dropFirst())).standardizedFileURL
        guard file.path.hasPrefix(root.path + "/"), let contents = try? StaticTestServer.File(file: file) else {
            return Self.error(.notFound, "not_found", path)
        }
        return Response(
            status: .ok, headers: [.contentType: contents.contentType, .contentSecurityPolicy: Self.policy, .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: contents.body)))
    }

    private struct Responder: HTTPResponder {
        typealias Context = BasicRequestContext
        let server: @Sendable () -> ConsoleFixtureServer?

        func respond(to request: Request, context: Context) async throws -> Response {
            guard let server = server() else { return Response(status: .serviceUnavailable) }
            var request = request
            let body = Data(try await request.collectBody(upTo: 1 << 20).readableBytesView)
            return try await server.respond(request, body: body)
        }
    }
}
