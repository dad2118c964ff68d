import Contract

/// The chat or push services a destination can be, each with its own payload and limits.
public enum DestinationKind: String, Codable, Sendable, CaseIterable, KnownValues {
    /// Slack incoming webhook: blocks plus a text fallback.
    case slack
    /// Discord execute-webhook: one embed coloured by severity.
    case discord
    /// ntfy: JSON publish to the server root (`https://ntfy.sh/<topic>` is split into both).
    case ntfy
    /// Gotify: `POST <server>/message` with the application token.
    case gotify
    /// Any HTTP endpoint: the `BusEvent` as JSON plus a `text`, with custom headers.
    case webhook

    /// The rate limit the service documents for one webhook, used when a destination sets none.
    public var defaultRateLimit: RateLimit {
        switch self {
        case .discord: RateLimit(requests: 5, perSeconds: 2)
        case .slack: RateLimit(requests: 1, perSeconds: 1)
        case .ntfy: RateLimit(requests: 10, perSeconds: 10)
        case .gotify, .webhook: RateLimit(requests: 10, perSeconds: 1)
        }
    }
}

/// At most `requests` requests in any window of `perSeconds` seconds.
public struct RateLimit: Codable, Sendable, Equatable {
    public var requests: Int
    public var perSeconds: Double

    public init(requests: Int, perSeconds: Double) {
        self.requests = requests
        self.perSeconds = perSeconds
    }
}
