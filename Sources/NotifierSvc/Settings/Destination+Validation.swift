import Contract
import Foundation

extension Destination {
    /// Allowed length of `id`.
    public static let idLength = 1...64
    /// Allowed length of `url`.
    public static let urlLength = 1...2048
    /// Allowed length of `token` and of each header value.
    public static let secretLength = 1...4096
    /// The most items in `events`, `exclude_events`, `clusters` and `headers` each.
    public static let maximumItems = 100
    /// Allowed length of an event pattern, a cluster id and a header name.
    public static let itemLength = 1...128
    /// Allowed range of `timeout_seconds`.
    public static let timeoutRange: ClosedRange<Double> = 0.1...120
    /// Allowed range of `rate_limit.requests`.
    public static let rateRequestsRange = 1...1000
    /// Allowed range of `rate_limit.per_seconds`.
    public static let ratePeriodRange: ClosedRange<Double> = 0.1...86_400

    /// Refuses the first value out of range, naming its JSON key under `field`
    /// (`destinations[2].url`).
    public func validate(at field: String) throws(ReplyError) {
        func key(_ name: String) -> String { JSONKey.path(field, name) }
        try InputCheck.text(id, key("id"), length: Self.idLength)
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw .invalid("\(key("id")): '\(id)' must be 1–64 characters of A-Z, a-z, 0-9, _ and -")
        }
        if Redaction.isRedacted(url) || token.map(Redaction.isRedacted) == true || headers.values.contains(where: Redaction.isRedacted) {
            throw .invalid("\(field): a redacted value (…) only keeps the secret of an existing destination with the same id")
        }
        try InputCheck.text(url, key("url"), length: Self.urlLength)
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "https" || scheme == "http",
            parsed.host?.isEmpty == false
        else { throw .invalid("\(key("url")): must be an http(s) URL") }
        if let token { try InputCheck.text(token, key("token"), length: Self.secretLength) }
        if kind == .gotify, token == nil, !url.contains("token=") {
            throw .invalid("\(key("token")): Gotify needs the application token (token, or ?token= in the URL)")
        }
        for (name, patterns) in [("events", events), ("exclude_events", excludeEvents)] {
            try InputCheck.count(patterns.count, key(name), atMost: Self.maximumItems)
            for (index, pattern) in patterns.enumerated() {
                let item = JSONKey.path(key(name), index: index)
                try InputCheck.text(pattern, item, length: Self.itemLength)
                if let problem = EventType.problem(in: pattern) { throw .invalid("\(item): \(problem)") }
            }
        }
        try InputCheck.count(clusters.count, key("clusters"), atMost: Self.maximumItems)
        for (index, cluster) in clusters.enumerated() {
            try InputCheck.text(cluster, JSONKey.path(key("clusters"), index: index), length: Self.itemLength)
        }
        if let rateLimit {
            try InputCheck.integer(rateLimit.requests, key("rate_limit.requests"), in: Self.rateRequestsRange)
            try InputCheck.number(rateLimit.perSeconds, key("rate_limit.per_seconds"), in: Self.ratePeriodRange)
        }
        try InputCheck.number(timeoutSeconds, key("timeout_seconds"), in: Self.timeoutRange)
        if let disabledReason { try InputCheck.text(disabledReason, key("disabled_reason"), length: 0...1024) }
        try InputCheck.count(headers.count, key("headers"), atMost: Self.maximumItems)
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            try InputCheck.text(name, key("headers"), length: Self.itemLength)
            if name.contains(where: { $0 == ":" || $0.isWhitespace || !$0.isASCII }) {
                throw .invalid("\(key("headers")): '\(name)' is not a valid header name")
            }
            try InputCheck.text(value, key("headers.\(name)"), length: 0...Self.secretLength.upperBound)
            if value.contains(where: { $0 == "\r" || $0 == "\n" }) { throw .invalid("\(key("headers.\(name)")): must be one line") }
        }
    }

    /// The JSON keys of a destination.
    static var keys: [String] { CodingKeys.allCases.map { JSONKey.snakeCase($0.stringValue) } }
}
