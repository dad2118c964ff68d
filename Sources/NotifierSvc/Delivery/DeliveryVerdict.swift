import Foundation
import HTTPTransport

/// What an HTTP answer (or a transport failure) means for a delivery. Pure.
public enum DeliveryVerdict: Sendable, Equatable {
    /// 2xx: done.
    case delivered
    /// 5xx, 408, timeout or connection failure: try again after backoff.
    case retry(reason: String)
    /// 429: pause the destination for this many seconds, then try again (not an attempt).
    case rateLimited(seconds: Double, reason: String)
    /// Another 4xx or an unusable request: never retried.
    case rejected(reason: String)
    /// The webhook no longer exists (Discord 404, Slack 404/410): disable the destination.
    case gone(reason: String)

    /// The verdict's name in metrics and logs: `delivered`, `retry`, `rate_limited`, `rejected`, `gone`.
    public var name: String {
        switch self {
        case .delivered: "delivered"
        case .retry: "retry"
        case .rateLimited: "rate_limited"
        case .rejected: "rejected"
        case .gone: "gone"
        }
    }

    /// Longest pause honoured from a 429; a longer one is capped (and retried then).
    public static let longestRateLimit: Double = 3600
    /// Pause after a 429 that says nothing about how long to wait.
    public static let defaultRateLimit: Double = 5

    /// Classifies the answer of a `kind` service.
    public static func classify(_ response: HTTPResponse, kind: DestinationKind) -> DeliveryVerdict {
        let status = response.status
        let text = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = "HTTP \(status)" + (text.isEmpty ? "" : ": \(text)")
        switch status {
        case 200..<300:
            return .delivered
        case 429:
            return .rateLimited(seconds: retryAfter(response) ?? defaultRateLimit, reason: reason)
        case 404 where kind == .discord || kind == .slack, 410 where kind == .slack:
            return .gone(reason: reason)
        case 408, 500..<600:
            return .retry(reason: reason)
        default:
            return .rejected(reason: reason)
        }
    }

    /// Classifies a transport failure: timeouts and connection trouble are retried, a request
    /// that cannot be made (bad URL or header) is not.
    public static func classify(_ error: any Error) -> DeliveryVerdict {
        guard let error = error as? HTTPClientError else { return .retry(reason: "\(type(of: error))") }
        let reason = "\(error.kind)" + (error.curlCode.map { " (curl \($0))" } ?? "")
        switch error.kind {
        case .invalidURL, .invalidRequest, .invalidConfiguration: return .rejected(reason: reason)
        default: return .retry(reason: reason)
        }
    }

    /// Seconds to wait from a 429: the `Retry-After` header (seconds), else Discord's
    /// `retry_after` body field; capped at `longestRateLimit`.
    public static func retryAfter(_ response: HTTPResponse) -> Double? {
        var seconds = response.header("Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        if seconds == nil,
            let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
            let value = object["retry_after"] as? Double
        {
            seconds = value
        }
        return seconds.map { min(longestRateLimit, max(0, $0)) }
    }
}
