import Foundation

/// A failed Proxmox API call: an HTTP error status, a transport failure, or an answer that could
/// not be decoded. Never contains the API token.
public struct PVEError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, by HTTP status or failure stage.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// 400: a parameter was rejected; see `parameterErrors`.
        case badRequest
        /// 401: missing or invalid authentication.
        case unauthorized
        /// 403: the token lacks a privilege.
        case forbidden
        /// 404.
        case notFound
        /// 501: unknown path or method (e.g. LXC migrate preconditions before PVE 9).
        case notImplemented
        /// 500 and other 5xx below 595: the handler failed (text in the reason phrase).
        case server
        /// 595–599: pveproxy could not reach the node owning the path (node offline).
        case nodeUnreachable
        /// Any other non-2xx status.
        case unexpectedStatus
        /// The HTTP client failed (DNS, connect, TLS, timeout); see `underlying`.
        case transport
        /// The answer was not the JSON the endpoint documents.
        case decoding
        /// The call was refused before sending (invalid argument combination).
        case invalidRequest
    }

    public let kind: Kind
    /// The HTTP status, `nil` for transport failures and refused requests.
    public let status: Int?
    /// `GET`, `POST`, …
    public let method: String
    /// The API path below `/api2/json`, without query (`/cluster/resources`).
    public let path: String
    /// The reason phrase and/or body `message` (trailing newlines stripped), or what failed.
    public let message: String
    /// For 400: the per-parameter messages from the body's `errors` map.
    public let parameterErrors: [String: String]
    /// For `.transport`: the HTTP client's error.
    public let underlying: (any Error)?

    public init(
        kind: Kind, status: Int? = nil, method: String, path: String, message: String,
        parameterErrors: [String: String] = [:], underlying: (any Error)? = nil
    ) {
        self.kind = kind
        self.status = status
        self.method = method
        self.path = path
        self.message = message
        self.parameterErrors = parameterErrors
        self.underlying = underlying
    }

    /// The kind an HTTP status maps to.
    public static func kind(forStatus status: Int) -> Kind {
        switch status {
        case 400: return .badRequest
        case 401: return .unauthorized
        case 403: return .forbidden
        case 404: return .notFound
        case 501: return .notImplemented
        case 595...599: return .nodeUnreachable
        case 500...594: return .server
        default: return .unexpectedStatus
        }
    }

    /// One line, e.g. `Proxmox API 401 on GET /cluster/resources: authentication failed — check
    /// PROXBALANCE_PVE_TOKEN`.
    public var description: String {
        let text = Self.oneLine(message)
        switch kind {
        case .transport:
            return "Proxmox API \(method) \(path) failed: \(text)"
        case .decoding:
            return "Proxmox API \(method) \(path): unexpected answer: \(text)"
        case .invalidRequest:
            return "Proxmox API \(method) \(path) not sent: \(text)"
        default:
            var line = "Proxmox API \(status.map(String.init) ?? "error") on \(method) \(path): \(text)"
            if !parameterErrors.isEmpty {
                let details = parameterErrors.keys.sorted().map { "\($0): \(Self.oneLine(parameterErrors[$0] ?? ""))" }
                line += " (\(details.joined(separator: "; ")))"
            }
            if let hint = Self.hint(kind) { line += " — \(hint)" }
            return line
        }
    }

    private static func hint(_ kind: Kind) -> String? {
        switch kind {
        case .unauthorized: return "check PROXBALANCE_PVE_TOKEN"
        case .forbidden: return "the API token lacks this privilege (privilege-separated tokens need their own ACLs)"
        case .nodeUnreachable: return "the node is offline or unreachable from the node answering the API"
        default: return nil
        }
    }

    package static func defaultMessage(_ kind: Kind) -> String {
        switch kind {
        case .badRequest: return "parameter verification failed"
        case .unauthorized: return "authentication failed"
        case .forbidden: return "permission denied"
        case .notFound: return "not found"
        case .notImplemented: return "not implemented"
        case .server: return "internal server error"
        case .nodeUnreachable: return "node unreachable"
        case .unexpectedStatus, .transport, .decoding, .invalidRequest: return "unexpected status"
        }
    }

    /// The reason phrase and the body message, without repeating one that contains the other.
    package static func combine(reason: String, body: String) -> String {
        if body.isEmpty || reason.contains(body) { return reason }
        if reason.isEmpty || body.contains(reason) { return body }
        return "\(reason): \(body)"
    }

    package static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    package static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension PVEError {
    /// The error for an answer that failed to decode, naming the field that failed
    /// (`at data[3].vmid: field 'vmid': expected an integer …`).
    public static func decoding(_ error: any Error, status: Int?, method: String, path: String) -> PVEError {
        PVEError(kind: .decoding, status: status, method: method, path: path, message: describe(error))
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        switch error {
        case .keyNotFound(let key, let context):
            let location = render(context.codingPath)
            return "missing field '\(key.stringValue)'" + (location.isEmpty ? "" : " in \(location)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let location = render(context.codingPath)
            var detail = context.debugDescription
            if detail.hasPrefix("The given data was not valid JSON") { detail = "the body is not valid JSON" }
            return location.isEmpty ? detail : "at \(location): \(detail)"
        @unknown default:
            return String(describing: error)
        }
    }

    /// `data[3].vmid` from a coding path.
    private static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
