import Foundation
import Hummingbird

/// The console's JSON answers.
enum APIResponse {
    /// A JSON body that is never cached.
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `{"error": {"code", "message"}}`.
    static func error(_ status: HTTPResponse.Status, code: String, message: String) -> Response {
        let body: [String: [String: String]] = ["error": ["code": code, "message": message]]
        let data = (try? JSONEncoder().encode(body)) ?? Data(#"{"error":{"code":"internal","message":"?"}}"#.utf8)
        return json(Array(data), status: status)
    }

    static let unauthenticated = error(.unauthorized, code: "unauthenticated", message: "log in first")
    static let csrf = error(.forbidden, code: "csrf", message: "the X-CSRF-Token header is missing or wrong; reload the page")
    static func forbidden(_ what: String) -> Response {
        error(.forbidden, code: "forbidden", message: "a viewer may not \(what); ask an operator")
    }
}
