import Foundation

/// An error a handler raises; the router turns it into the answer Proxmox would give.
enum APIError: Error, Sendable {
    /// A handler `die`: status (500 unless told) with the text in the reason and `message`.
    case failure(String, status: Int = 500)
    /// `raise_param_exc`: 400 `Parameter verification failed.` with per-parameter messages.
    case parameters([String: String])
    /// Unknown path or method: 501.
    case notImplemented(method: String, path: String)
    /// pveproxy could not reach the node: 595 with an empty body.
    case noRoute

    var response: SimResponse {
        switch self {
        case .failure(let message, let status): APIResponse.failure(status: status, message: message)
        case .parameters(let errors): APIResponse.parameterError(errors)
        case .notImplemented(let method, let path):
            APIResponse.failure(status: 501, message: "Method '\(method) \(path)' not implemented")
        case .noRoute: SimResponse(status: 595, reason: "No route to host", body: nil)
        }
    }
}

/// Builders for Proxmox-shaped answers (`{"data": …}`).
enum APIResponse {
    /// 200 with `{"data": <written value>[, "total": n]}`.
    static func data(total: Int? = nil, capacity: Int = 1024, _ write: (inout JSONWriter) -> Void) -> SimResponse {
        var json = JSONWriter(capacity: capacity)
        json.beginObject()
        json.key("data")
        write(&json)
        if let total { json.field("total", total) }
        json.endObject()
        return SimResponse(status: 200, reason: "OK", body: json.data)
    }

    /// An error whose text goes into the reason phrase and the `message` member (newer PVE).
    static func failure(status: Int, message: String) -> SimResponse {
        let reason = reasonPhrase(message)
        var json = JSONWriter()
        json.beginObject()
        json.key("data")
        json.null()
        json.field("message", message + "\n")
        json.endObject()
        return SimResponse(status: status, reason: reason, body: json.data)
    }

    /// 400 `Parameter verification failed.` with `{"data":null,"errors":{…}}`.
    static func parameterError(_ errors: [String: String]) -> SimResponse {
        var json = JSONWriter()
        json.beginObject()
        json.key("data")
        json.null()
        json.key("errors")
        json.beginObject()
        for (name, message) in errors.sorted(by: { $0.key < $1.key }) { json.field(name, message) }
        json.endObject()
        json.endObject()
        return SimResponse(status: 400, reason: "Parameter verification failed.", body: json.data)
    }

    /// A reason phrase must be one line of printable ASCII.
    static func reasonPhrase(_ message: String) -> String {
        let line = message.split(separator: "\n").first.map(String.init) ?? ""
        return String(line.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F ? Character($0) : "?" })
    }
}
