import Foundation
import HTTPTransport
import Logging

/// A browser-like client of `pb-web`'s `/api`: logs in, keeps the session cookie and the CSRF
/// token, and sends them with every call.
public final class ConsoleHTTPClient: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: String
    private let http: CurlHTTPClient
    private let state = LockedState()

    public init(baseURL: String) {
        self.baseURL = baseURL
        http = CurlHTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(40)), logger: Logger(label: "console-test-client"))
    }

    /// The session cookie's value, once logged in.
    public var sessionCookie: String? { state.get().cookie }
    /// The CSRF token, once logged in.
    public var csrfToken: String? { state.get().csrf }

    /// Posts the credentials; on 200 keeps the cookie and token. Returns the response.
    @discardableResult
    public func login(_ user: String, _ password: String) async throws -> HTTPResponse {
        let body = try JSONSerialization.data(withJSONObject: ["username": user, "password": password])
        let response = try await http.send(
            HTTPRequest(method: "POST", url: baseURL + "/api/login", headers: [("Content-Type", "application/json")], body: body))
        if response.status == 200 {
            let cookie = response.header("Set-Cookie")?.split(separator: ";").first.map(String.init)?.split(separator: "=", maxSplits: 1)
                .last.map(String.init)
            let token = (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["csrf_token"] as? String
            state.set(cookie: cookie, csrf: token)
        }
        return response
    }

    /// `GET path` with the session cookie.
    public func get(_ path: String) async throws -> HTTPResponse {
        try await http.send(HTTPRequest(url: baseURL + path, headers: headers(csrf: false)))
    }

    /// `POST path` with a JSON body, the cookie and (unless `csrf` is false) the CSRF token.
    public func post(_ path: String, json: [String: Any] = [:], csrf: Bool = true) async throws -> HTTPResponse {
        let body = try JSONSerialization.data(withJSONObject: json)
        return try await http.send(HTTPRequest(method: "POST", url: baseURL + path, headers: headers(csrf: csrf), body: body))
    }

    /// The JSON object of a response body, or an empty one.
    public static func object(_ response: HTTPResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:]
    }

    private func headers(csrf: Bool) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        let current = state.get()
        if let cookie = current.cookie { headers.append(("Cookie", "pb_session=\(cookie)")) }
        if csrf, let token = current.csrf { headers.append(("X-CSRF-Token", token)) }
        return headers
    }

    private final class LockedState: @unchecked Sendable {
        private let lock = NSLock()
        private var cookie: String?
        private var csrf: String?
        func get() -> (cookie: String?, csrf: String?) { lock.withLock { (cookie, csrf) } }
        func set(cookie: String?, csrf: String?) { lock.withLock { (self.cookie, self.csrf) = (cookie, csrf) } }
    }
}
