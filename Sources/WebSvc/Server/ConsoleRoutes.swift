import ConsoleCore
import Contract
import Foundation
import HTTPTypes
import Hummingbird

/// The console's `/api` routes (`docs/web-console.md`, "HTTP API").
struct ConsoleRoutes: Sendable {
    let hub: ConsoleHub
    let accounts: AccountStore
    let caller: BusCaller
    /// Whether the console is served over HTTPS (the cookie is then `Secure`).
    let secure: Bool

    static let cookieName = "pb_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    func add(to router: Router<ConsoleContext>) {
        let api = router.group("api")
        api.post("login") { request, context in try await login(request, context) }
        api.get("session") { request, _ in
            guard let (_, session) = await session(of: request) else { return APIResponse.unauthenticated }
            return APIResponse.json(Self.sessionJSON(session))
        }
        api.post("logout") { request, _ in
            guard let (id, session) = await session(of: request) else { return APIResponse.unauthenticated }
            guard session.acceptsCSRF(request.headers[Self.csrfHeader]) else { return APIResponse.csrf }
            await accounts.logout(id)
            var response = APIResponse.json(Array(#"{"ok":true}"#.utf8))
            response.setCookie(cookie(value: "", maxAge: 0))
            return response
        }
        api.get("state") { request, _ in
            guard let (_, session) = await session(of: request) else { return APIResponse.unauthenticated }
            let (prefix, shared) = await hub.stateJSON(user: session.user, role: session.role.rawValue)
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(contentsOf: [prefix, shared]))
        }
        api.get("events") { request, _ in
            guard let (id, session) = await session(of: request) else { return APIResponse.unauthenticated }
            let (_, state, updates) = await hub.follow(user: session.user, role: session.role.rawValue)
            return EventStream.response(state: state, updates: updates) { [accounts] in await accounts.session(id) != nil }
        }
        api.post("clusters/:cluster/:service/request/:op") { request, context in
            let call = ConsoleCall.request(
                service: context.parameters.get("service") ?? "", op: context.parameters.get("op") ?? "")
            return try await forward(call, request, context)
        }
        api.post("clusters/:cluster/:service/settings") { request, context in
            try await forward(ConsoleCall.settings(service: context.parameters.get("service") ?? ""), request, context)
        }
        api.post("clusters/:cluster/nodes/:node/maintenance") { request, context in
            let node = context.parameters.get("node") ?? ""
            let valid = (try? NodeName.check(node, "node")) != nil
            return try await forward(valid ? .maintenance(node: node) : nil, request, context)
        }
    }

    // MARK: Sessions

    private func login(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let body = try await Self.body(request) else {
            return APIResponse.error(.contentTooLarge, code: "too_large", message: "the body is larger than 256 KiB")
        }
        struct Credentials: Decodable {
            let username: String
            let password: String
        }
        guard let credentials = try? JSONDecoder().decode(Credentials.self, from: Data(body)),
            !credentials.username.isEmpty, credentials.username.count <= 64, credentials.password.count <= 1024
        else {
            return APIResponse.error(.badRequest, code: "malformed", message: "send {\"username\": …, \"password\": …}")
        }
        switch await accounts.login(name: credentials.username, password: credentials.password, address: context.peer) {
        case .success(let id, let session):
            var response = APIResponse.json(Self.sessionJSON(session))
            response.setCookie(cookie(value: id, maxAge: Int(await accounts.sessionLifetime)))
            return response
        case .refused:
            return APIResponse.error(.unauthorized, code: "unauthenticated", message: "wrong user name or password")
        case .throttled(let wait):
            var response = APIResponse.error(
                .tooManyRequests, code: "rate_limited", message: "too many failed logins; try again in \(Int(wait.rounded(.up))) s")
            response.headers[.retryAfter] = "\(Int(wait.rounded(.up)))"
            return response
        }
    }

    /// The session the request's cookie names, with its id.
    private func session(of request: Request) async -> (String, Session)? {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty, let session = await accounts.session(id) else {
            return nil
        }
        return (id, session)
    }

    private func cookie(value: String, maxAge: Int) -> Cookie {
        Cookie(name: Self.cookieName, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func sessionJSON(_ session: Session) -> [UInt8] {
        let body = ["user": session.user, "role": session.role.rawValue, "csrf_token": session.csrfToken]
        return Array((try? JSONEncoder().encode(body)) ?? Data("{}".utf8))
    }

    // MARK: Bus calls

    /// Checks the session, the CSRF token and the role, then sends `call` and answers the
    /// service's reply: 200 when it says `ok`, 422 otherwise.
    private func forward(_ call: ConsoleCall?, _ request: Request, _ context: ConsoleContext) async throws -> Response {
        guard let (_, session) = await session(of: request) else { return APIResponse.unauthenticated }
        guard session.acceptsCSRF(request.headers[Self.csrfHeader]) else { return APIResponse.csrf }
        guard let call else { return APIResponse.error(.notFound, code: "not_found", message: "no such service, operation or node") }
        guard call.isAllowed(for: session.role) else { return APIResponse.forbidden("send \(call.name)") }
        let cluster = context.parameters.get("cluster") ?? ""
        guard Topics.isValidLevel(cluster), await hub.knows(cluster) else {
            return APIResponse.error(.notFound, code: "not_found", message: "the console has not seen a cluster '\(cluster)'")
        }
        guard var body = try await Self.body(request) else {
            return APIResponse.error(.contentTooLarge, code: "too_large", message: "the body is larger than 256 KiB")
        }
        if case .maintenance = call {
            guard let enabled = Self.maintenanceFlag(body) else {
                return APIResponse.error(.badRequest, code: "malformed", message: "send {\"enabled\": true} or {\"enabled\": false}")
            }
            body = Array((enabled ? "ON" : "OFF").utf8)
        }
        do {
            let reply = try await caller.send(call, cluster: cluster, body: body, user: session.user)
            return APIResponse.json(reply, status: Self.replyIsOK(reply) ? .ok : .unprocessableContent)
        } catch {
            switch error {
            case .brokerDown:
                return APIResponse.error(.serviceUnavailable, code: "unavailable", message: "the console is not connected to the broker")
            case .noAnswer(let why):
                return APIResponse.error(.gatewayTimeout, code: "timeout", message: "no answer from \(call.service.rawValue): \(why)")
            case .badInput(.tooLarge):
                return APIResponse.error(.contentTooLarge, code: "too_large", message: "the body is larger than 256 KiB")
            case .badInput(.malformed(let why)):
                return APIResponse.error(.badRequest, code: "malformed", message: why)
            }
        }
    }

    /// The request body, or `nil` when it is larger than the services accept.
    private static func body(_ request: Request) async throws -> [UInt8]? {
        do {
            let buffer = try await request.body.collect(upTo: ConsolePayload.maxBytes)
            return Array(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return nil
        }
    }

    private static func maintenanceFlag(_ body: [UInt8]) -> Bool? {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body)), object.count == 1,
            case .bool(let enabled)? = object["enabled"]
        else { return nil }
        return enabled
    }

    private static func replyIsOK(_ reply: [UInt8]) -> Bool {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(reply)) else { return false }
        return object["ok"] == .bool(true)
    }
}
