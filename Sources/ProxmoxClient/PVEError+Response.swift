import Foundation
import HTTPTransport
import ProxmoxAPI

extension PVEError {
    /// The error for a non-2xx response: the kind from the status, the message from the reason
    /// phrase (where Proxmox puts its text) and the body's `message`, and the body's `errors` map.
    public init(response: HTTPResponse, method: String, path: String) {
        let body = try? JSONDecoder().decode(PVEFields.self, from: response.body)
        let bodyMessage = (try? body?.optional("message", as: String.self)) ?? nil
        var parameterErrors: [String: String] = [:]
        if let errors = (try? body?.object("errors")) ?? nil {
            for (name, value) in errors.values {
                parameterErrors[name] = Self.trimmed(value.stringValue ?? "")
            }
        }
        let kind = Self.kind(forStatus: response.status)
        let message = Self.combine(reason: Self.trimmed(response.reasonPhrase), body: Self.trimmed(bodyMessage ?? ""))
        self.init(
            kind: kind, status: response.status, method: method, path: path,
            message: message.isEmpty ? Self.defaultMessage(kind) : message, parameterErrors: parameterErrors)
    }
}
