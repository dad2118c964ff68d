import Foundation
import HTTPTransport
import Logging
import ProxmoxAPI

/// A typed client for the Proxmox VE REST API (`/api2/json`), authenticated with an API token.
///
/// Every call sends `Authorization: PVEAPIToken=…`, unwraps the `{"data": …}` envelope and
/// decodes the documented shape leniently. Failures throw `PVEError` (cancellation is rethrown
/// as `CancellationError`). The endpoint methods live in the `PVEClient+…` extensions.
public struct PVEClient: Sendable {
    /// `https://host:8006`, without a trailing slash or `/api2/json`.
    public let baseURL: String
    /// The token sent with every request.
    public let token: PVEToken
    private let http: any HTTPClient
    private let logger: Logger
    private let onFailure: (@Sendable (PVEError) -> Void)?

    /// - Parameters:
    ///   - baseURL: `https://host:8006` (a trailing `/` or `/api2/json` is tolerated).
    ///   - token: the API token.
    ///   - http: the transport (libcurl in production, a stub in tests).
    ///   - logger: receives one debug line per call (method, path, status); never the token.
    ///   - onFailure: called with every error a call throws (metrics), before it is thrown.
    public init(
        baseURL: String, token: PVEToken, http: any HTTPClient, logger: Logger, onFailure: (@Sendable (PVEError) -> Void)? = nil
    ) {
        var url = baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix("/api2/json") { url.removeLast("/api2/json".count) }
        self.baseURL = url
        self.token = token
        self.http = http
        self.logger = logger
        self.onFailure = onFailure
    }

    /// GETs `path` and decodes its `data` as `Payload`.
    func get<Payload: Decodable>(
        _ path: String, query: [(name: String, value: String)] = [], as type: Payload.Type = Payload.self
    ) async throws -> Payload {
        try await call("GET", path, query: query, form: nil, as: type).data
    }

    /// GETs `path` and returns its `data` plus the top-level `total` of paged lists.
    func getPage<Payload: Decodable>(
        _ path: String, query: [(name: String, value: String)], as type: Payload.Type = Payload.self
    ) async throws -> (data: Payload, total: Int?) {
        let envelope = try await call("GET", path, query: query, form: nil, as: type)
        return (envelope.data, envelope.total)
    }

    /// POSTs `form` as `application/x-www-form-urlencoded` and decodes the answer's `data`.
    func post<Payload: Decodable>(
        _ path: String, form: [(name: String, value: String)], as type: Payload.Type = Payload.self
    ) async throws -> Payload {
        try await call("POST", path, query: [], form: form, as: type).data
    }

    /// DELETEs `path` and decodes the answer's `data`.
    func delete<Payload: Decodable>(_ path: String, as type: Payload.Type = Payload.self) async throws -> Payload {
        try await call("DELETE", path, query: [], form: nil, as: type).data
    }

    /// Converts a decoded payload, turning a conversion failure into a `.decoding` error.
    func convert<Input, Output>(
        _ input: Input, method: String = "GET", path: String, _ transform: (Input) throws -> Output
    ) throws -> Output {
        do {
            return try transform(input)
        } catch {
            throw reported(PVEError.decoding(error, status: 200, method: method, path: path))
        }
    }

    /// `error`, after telling `onFailure` about it.
    private func reported(_ error: PVEError) -> PVEError {
        onFailure?(error)
        return error
    }

    private func call<Payload: Decodable>(
        _ method: String, _ path: String, query: [(name: String, value: String)],
        form: [(name: String, value: String)]?, as type: Payload.Type
    ) async throws -> PVEEnvelope<Payload> {
        do {
            return try await send(method, path, query: query, form: form, as: type)
        } catch let error as PVEError {
            throw reported(error)
        }
    }

    private func send<Payload: Decodable>(
        _ method: String, _ path: String, query: [(name: String, value: String)],
        form: [(name: String, value: String)]?, as type: Payload.Type
    ) async throws -> PVEEnvelope<Payload> {
        var url = baseURL + "/api2/json" + path
        if !query.isEmpty { url += "?" + PVEURLEncoding.form(query) }
        var headers: [(name: String, value: String)] = [
            ("Authorization", token.authorizationHeader), ("Accept", "application/json"),
        ]
        var body: Data?
        if let form {
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = Data(PVEURLEncoding.form(form).utf8)
        }

        let response: HTTPResponse
        do {
            response = try await http.send(HTTPRequest(method: method, url: url, headers: headers, body: body))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.debug("Proxmox API call failed", metadata: ["pve.method": "\(method)", "pve.path": "\(path)"])
            throw PVEError(
                kind: .transport, method: method, path: path,
                message: token.redacting(String(describing: error)), underlying: error)
        }
        logger.debug(
            "Proxmox API call",
            metadata: ["pve.method": "\(method)", "pve.path": "\(path)", "pve.status": "\(response.status)"])

        guard (200..<300).contains(response.status) else {
            let error = PVEError(response: response, method: method, path: path)
            throw PVEError(
                kind: error.kind, status: error.status, method: method, path: path,
                message: token.redacting(error.message),
                parameterErrors: error.parameterErrors.mapValues(token.redacting))
        }
        do {
            return try JSONDecoder().decode(PVEEnvelope<Payload>.self, from: response.body)
        } catch {
            throw PVEError.decoding(error, status: response.status, method: method, path: path)
        }
    }
}
