import Foundation

/// The answer to a request or a command: `{"v":1,"id":…,"ok":true,"result":…}` or
/// `{"v":1,"id":…,"ok":false,"error":{"code":…,"message":…}}`.
public struct Reply<Result: Codable & Sendable>: Codable, Sendable {
    public var v: Int = 1
    /// The request's `id`, echoed so callers without MQTT v5 can match answers.
    public var id: String?
    public var ok: Bool
    public var result: Result?
    public var error: ReplyError?

    /// A successful answer.
    public static func success(id: String?, _ result: Result) -> Self {
        Self(id: id, ok: true, result: result, error: nil)
    }

    /// A failed answer.
    public static func failure(id: String?, _ error: ReplyError) -> Self {
        Self(id: id, ok: false, result: nil, error: error)
    }
}

/// Why a request or command was refused, with a stable machine-readable `code`.
public struct ReplyError: Codable, Sendable, Error, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The payload is not JSON or misses required fields.
    public static func malformed(_ message: String) -> Self { Self(code: "malformed", message: message) }
    /// A field has a value outside what is allowed.
    public static func invalid(_ message: String) -> Self { Self(code: "invalid", message: message) }
    /// The operation is not known on this topic.
    public static func unknownOperation(_ op: String) -> Self { Self(code: "unknown_operation", message: "unknown operation '\(op)'") }
    /// The request names something (a guest, a migration) that does not exist.
    public static func notFound(_ message: String) -> Self { Self(code: "not_found", message: message) }
    /// The payload is larger than the service reads; it was refused unread.
    public static func tooLarge(bytes: Int, limit: Int) -> Self {
        Self(code: "too_large", message: "the payload has \(bytes) bytes, more than the \(limit) allowed; it was not read")
    }
    /// The message is older than allowed (`sent_at`) or past its `expires_at`; nothing was done.
    public static func stale(_ message: String) -> Self { Self(code: "stale", message: message) }
    /// The service failed on its side (storage, encoding); the request may be retried.
    public static func `internal`(_ message: String) -> Self { Self(code: "internal", message: message) }
}

/// The part every request shares: its `id`. Decoding this first lets a service echo the id
/// even when the rest of the payload is malformed.
public struct RequestHeader: Codable, Sendable {
    public var id: String?

    /// Reads the `id` of a JSON payload, or `nil` when there is none or the payload is not JSON.
    public static func id(in payload: Data) -> String? {
        (try? JSONDecoder().decode(RequestHeader.self, from: payload))?.id
    }
}
