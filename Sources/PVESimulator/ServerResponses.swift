import Foundation
import HTTPTypes
import Hummingbird

/// Builds HTTP responses the way pveproxy sends them: the message in the reason phrase,
/// a JSON body (or none) and Proxmox's `Server` header.
enum ServerResponses {
    /// The `Server` header of every answer (set by the application for all responses).
    static let serverName = "pve-api-daemon/3.0"
    static let jsonContentType = "application/json;charset=UTF-8"

    /// A response with `status` and `reason` on the status line; `body` nil means an empty body.
    static func make(status: Int, reason: String, body: Data?) -> Response {
        let status = HTTPResponse.Status(
            code: (100...999).contains(status) ? status : 500,
            reasonPhrase: reason.trimmingCharacters(in: .whitespacesAndNewlines))
        var headers: HTTPFields = [:]
        if !status.reasonPhrase.isEmpty, let phraseHeader = HTTPField.Name(ServerReasonPhrase.headerName) {
            headers[phraseHeader] = status.reasonPhrase
        }
        guard let body else {
            return Response(status: status, headers: headers)
        }
        headers[.contentType] = jsonContentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// An error answer in Proxmox's shape: `{"data":null,"message":"<reason>\n"}`.
    static func error(status: Int, reason: String) -> Response {
        let body = try? JSONSerialization.data(withJSONObject: ["data": NSNull(), "message": reason + "\n"], options: [.sortedKeys])
        return make(status: status, reason: reason, body: body)
    }
}
