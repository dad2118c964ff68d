import Foundation
import Shared

/// What users tune at run time: the destinations and how deliveries are grouped and retried.
/// Published retained on the notifier's settings topic with secrets redacted.
public struct NotifierSettings: Codable, Sendable, Equatable {
    public var destinations: [Destination]
    /// Events for one destination arriving within this many seconds of its last message are
    /// sent together as one summary; 0 sends every event on its own.
    public var coalesceWindowSeconds: Double
    public var retry: RetrySettings

    public init(destinations: [Destination] = [], coalesceWindowSeconds: Double = 10, retry: RetrySettings = RetrySettings()) {
        self.destinations = destinations
        self.coalesceWindowSeconds = coalesceWindowSeconds
        self.retry = retry
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case destinations, coalesceWindowSeconds, retry }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = NotifierSettings()
        self.init(
            destinations: try c.decodeIfPresent([Destination].self, forKey: .destinations) ?? [],
            coalesceWindowSeconds: try c.decodeIfPresent(Double.self, forKey: .coalesceWindowSeconds) ?? defaults.coalesceWindowSeconds,
            retry: try c.decodeIfPresent(RetrySettings.self, forKey: .retry) ?? defaults.retry)
    }

    /// The destination named `id`.
    public func destination(_ id: String) -> Destination? { destinations.first { $0.id == id } }

    /// The destinations that want `event`.
    public func destinations(for event: BusEvent) -> [Destination] { destinations.filter { $0.accepts(event) } }

    /// A copy safe to publish (see `Destination.redacted`).
    public var redacted: NotifierSettings {
        var copy = self
        copy.destinations = destinations.map(\.redacted)
        return copy
    }

    /// The first problem, naming the field, or `nil` when the settings are usable.
    public func problem() -> String? {
        guard coalesceWindowSeconds >= 0, coalesceWindowSeconds <= 3600 else {
            return "coalesce_window_seconds: must be between 0 and 3600, got \(coalesceWindowSeconds)"
        }
        guard retry.baseSeconds > 0, retry.baseSeconds <= retry.maxSeconds, retry.maxSeconds <= 86_400 else {
            return "retry: base_seconds must be > 0 and ≤ max_seconds ≤ 86400"
        }
        guard (1...1000).contains(retry.maxAttempts) else { return "retry.max_attempts: must be between 1 and 1000" }
        var seen: Set<String> = []
        for (index, destination) in destinations.enumerated() {
            let field = "destinations[\(index)]"
            let id = destination.id
            guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            else { return "\(field).id: '\(id)' must be 1–64 characters of A-Z, a-z, 0-9, _ and -" }
            guard seen.insert(id).inserted else { return "\(field).id: '\(id)' is used twice" }
            if Redaction.isRedacted(destination.url) || destination.token.map(Redaction.isRedacted) == true
                || destination.headers.values.contains(where: Redaction.isRedacted)
            {
                return "\(field): a redacted value (…) only keeps the secret of an existing destination with the same id"
            }
            guard let url = URL(string: destination.url), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
                url.host?.isEmpty == false
            else { return "\(field).url: must be an http(s) URL" }
            if destination.kind == .gotify, destination.token == nil, !destination.url.contains("token=") {
                return "\(field).token: Gotify needs the application token (token, or ?token= in the URL)"
            }
            for pattern in destination.events + destination.excludeEvents {
                if let problem = EventType.problem(in: pattern) { return "\(field).events: \(problem)" }
            }
            if let limit = destination.rateLimit, limit.requests < 1 || limit.perSeconds <= 0 {
                return "\(field).rate_limit: requests must be ≥ 1 and per_seconds > 0"
            }
            guard destination.timeoutSeconds > 0, destination.timeoutSeconds <= 120 else {
                return "\(field).timeout_seconds: must be in (0, 120]"
            }
            for (name, value) in destination.headers {
                if name.isEmpty || name.contains(where: { $0 == ":" || $0.isWhitespace || !$0.isASCII }) {
                    return "\(field).headers: '\(name)' is not a valid header name"
                }
                if value.contains(where: { $0 == "\r" || $0 == "\n" }) { return "\(field).headers.\(name): must be one line" }
            }
        }
        return nil
    }
}
