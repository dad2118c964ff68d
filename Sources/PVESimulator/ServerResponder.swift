import Foundation
import Hummingbird
import Logging

/// Answers every HTTP request of the simulator server: authenticates the API token, then hands
/// `/api2/json/**` to `PVESimulator.handle` (after the injected latency) and `/simulator/**` to the
/// control API.
struct ServerResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let simulator: PVESimulator
    let token: PVEAPIToken
    let authFailureDelay: Duration

    /// Larger request bodies are refused with 413 (Proxmox parameters are small).
    static let maximumBodySize = 1 << 20

    private enum Target {
        case api(Substring)
        case control(Substring)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let method = request.method.rawValue
        guard let target = Self.target(of: request.uri.path) else {
            return ServerResponses.make(status: 404, reason: "Not Found", body: nil)
        }
        if let reason = authenticationFailure(request.headers[.authorization]) {
            context.logger.debug("Authentication failed", metadata: ["http.method": "\(method)", "pve.reason": "\(reason)"])
            try await Task.sleep(for: authFailureDelay)
            return ServerResponses.make(status: 401, reason: reason, body: nil)
        }
        var request = request
        let body: Data
        do {
            body = Data(try await request.collectBody(upTo: Self.maximumBodySize).readableBytesView)
        } catch {
            return ServerResponses.error(status: 413, reason: "request body larger than \(Self.maximumBodySize) bytes")
        }
        switch target {
        case .control(let path):
            return await ServerControlAPI.respond(method: method, path: String(path), body: body, simulator: simulator)
        case .api(let path):
            return try await apiResponse(method: method, path: path, request: request, body: body, logger: context.logger)
        }
    }

    private func apiResponse(method: String, path: Substring, request: Request, body: Data, logger: Logger) async throws -> Response {
        let simRequest: SimRequest
        do {
            simRequest = try ServerRequestDecoding.simRequest(
                method: method, rawPath: path, query: request.uri.query,
                contentType: request.headers[.contentType], body: body)
        } catch {
            return ServerResponses.error(status: 400, reason: error.description)
        }
        let latency = await simulator.faults().latencyMs
        if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
        let answer = await simulator.handle(simRequest)
        if simRequest.method == "POST", answer.status == 200, let vmid = Self.migratedVMID(simRequest.path) {
            let delay = await simulator.faults().migrateAnswerDelayMs
            if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
            if await simulator.takeLostMigrateAnswer(vmid) {
                return ServerResponses.error(status: 500, reason: "simulated failure after the task started")
            }
        }
        logger.debug(
            "API request", metadata: ["http.method": "\(method)", "pve.path": "\(simRequest.path)", "http.status": "\(answer.status)"])
        return ServerResponses.make(status: answer.status, reason: answer.reason, body: answer.body)
    }

    /// The vmid of a `/nodes/{n}/{qemu|lxc}/{vmid}/migrate` path, else `nil`.
    private static func migratedVMID(_ path: String) -> Int? {
        let parts = path.split(separator: "/")
        guard parts.count == 5, parts[0] == "nodes", parts[2] == "qemu" || parts[2] == "lxc", parts[4] == "migrate" else { return nil }
        return Int(parts[3])
    }

    /// `nil` when the `Authorization` header carries the configured token, otherwise Proxmox's 401 reason.
    private func authenticationFailure(_ header: String?) -> String? {
        guard let header, !header.isEmpty else { return "No ticket" }
        return header == token.authorizationHeader ? nil : "Authentication failed!"
    }

    /// Which part of the server `path` belongs to, with the prefix removed; `nil` for anything else.
    private static func target(of path: String) -> Target? {
        if let rest = below("/api2/json", in: path) { return .api(rest) }
        if let rest = below("/simulator", in: path) { return .control(rest) }
        return nil
    }

    /// The part of `path` after `prefix` (`/` when nothing follows), if `path` is `prefix` or below it.
    private static func below(_ prefix: String, in path: String) -> Substring? {
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        if rest.isEmpty { return "/" }
        return rest.hasPrefix("/") ? rest : nil
    }
}
