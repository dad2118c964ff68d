import Contract
import Foundation

/// One place messages go: a webhook of some kind with its own event selection. The `url`,
/// `token` and header values are secrets: they are redacted in everything published or logged.
public struct Destination: Codable, Sendable, Equatable {
    /// Stable name, `[A-Za-z0-9_-]`, used in outbox rows, events and `test` requests.
    public var id: String
    public var kind: DestinationKind
    /// The webhook URL (Slack, Discord, webhook), the topic URL (ntfy) or the server (Gotify).
    public var url: String
    /// Off: nothing is queued for it (set by the notifier itself when the webhook is gone).
    public var enabled: Bool
    /// Why the notifier disabled it (`webhook gone: HTTP 404 …`); cleared by a settings update.
    public var disabledReason: String?
    /// Events below this severity are not sent.
    public var minSeverity: BusEvent.Severity
    /// Event types sent (`*`, `migrations.*`, `recommendations.urgent`…).
    public var events: [String]
    /// Event types never sent, even when `events` selects them.
    public var excludeEvents: [String]
    /// Only events of these clusters; empty for every cluster.
    public var clusters: [String]
    /// Extra HTTP headers (webhook, ntfy); values are secrets.
    public var headers: [String: String]
    /// Gotify application token, or ntfy access token (`tk_…`, sent as a bearer token).
    public var token: String?
    /// Requests allowed per window; the service's documented limit when absent.
    public var rateLimit: RateLimit?
    /// Whole-request timeout.
    public var timeoutSeconds: Double

    public init(
        id: String, kind: DestinationKind, url: String, enabled: Bool = true, disabledReason: String? = nil,
        minSeverity: BusEvent.Severity = .info, events: [String] = ["*"], excludeEvents: [String] = [],
        clusters: [String] = [], headers: [String: String] = [:], token: String? = nil, rateLimit: RateLimit? = nil,
        timeoutSeconds: Double = 10
    ) {
        self.id = id
        self.kind = kind
        self.url = url
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.minSeverity = minSeverity
        self.events = events
        self.excludeEvents = excludeEvents
        self.clusters = clusters
        self.headers = headers
        self.token = token
        self.rateLimit = rateLimit
        self.timeoutSeconds = timeoutSeconds
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, url, enabled, disabledReason, minSeverity, events, excludeEvents, clusters, headers, token, rateLimit,
            timeoutSeconds
    }

    /// Missing keys take their defaults, so a file needs only `id`, `kind` and `url`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), kind: try c.decode(DestinationKind.self, forKey: .kind),
            url: try c.decode(String.self, forKey: .url), enabled: try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true,
            disabledReason: try c.decodeIfPresent(String.self, forKey: .disabledReason),
            minSeverity: try c.decodeIfPresent(BusEvent.Severity.self, forKey: .minSeverity) ?? .info,
            events: try c.decodeIfPresent([String].self, forKey: .events) ?? ["*"],
            excludeEvents: try c.decodeIfPresent([String].self, forKey: .excludeEvents) ?? [],
            clusters: try c.decodeIfPresent([String].self, forKey: .clusters) ?? [],
            headers: try c.decodeIfPresent([String: String].self, forKey: .headers) ?? [:],
            token: try c.decodeIfPresent(String.self, forKey: .token),
            rateLimit: try c.decodeIfPresent(RateLimit.self, forKey: .rateLimit),
            timeoutSeconds: try c.decodeIfPresent(Double.self, forKey: .timeoutSeconds) ?? 10)
    }

    /// The rate limit in force: the configured one, else the service's documented one.
    public var effectiveRateLimit: RateLimit { rateLimit ?? kind.defaultRateLimit }

    /// Whether this destination wants `event`: enabled, severe enough, of a selected type and cluster.
    public func accepts(_ event: BusEvent) -> Bool {
        guard enabled, event.severity >= minSeverity else { return false }
        if !clusters.isEmpty, !clusters.contains(event.cluster) { return false }
        let type = EventType.of(event)
        guard events.contains(where: { EventType.matches($0, type) }) else { return false }
        return !excludeEvents.contains { EventType.matches($0, type) }
    }

    /// A copy safe to publish: URL cut to scheme and host plus `…`, token and header values `…`.
    public var redacted: Destination {
        var copy = self
        copy.url = Redaction.url(url)
        copy.token = token.map { _ in Redaction.marker }
        copy.headers = headers.mapValues { _ in Redaction.marker }
        return copy
    }
}

/// How secrets appear in published settings and logs.
public enum Redaction {
    /// Stands for a hidden value; sending it back in an update keeps the stored value.
    public static let marker = "…"

    /// `https://hooks.slack.com/…`: scheme and host only.
    public static func url(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return marker }
        let rest = url[schemeEnd.upperBound...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        return "\(url[..<schemeEnd.upperBound])\(authority)/\(marker)"
    }

    /// Whether `value` is (or ends with) the marker, i.e. a redacted value sent back unchanged.
    public static func isRedacted(_ value: String) -> Bool { value.hasSuffix(marker) }
}
