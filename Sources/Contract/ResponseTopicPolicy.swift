/// Where a service may publish the answer to a request: the places `docs/mqtt-api.md` ("Where
/// response topics live") defines and the broker ACL (`deploy/mosquitto/acl.template`) grants.
///
/// A requester's MQTT v5 response topic must be its inbox `<base>/clients/<username>/responses/…`
/// or one of the answering service's fallback topics `<base>/<cluster>/<service>/response/<op>`
/// (the notifier also `<base>/notifier/response/<op>`). An answer published anywhere else is
/// refused by the broker (PUBACK reason 135), so a service checks first, says why once, and
/// answers on its fallback topic instead.
public struct ResponseTopicPolicy: Sendable, Hashable {
    /// The base topic (`PROXBALANCE_BASE_TOPIC`), one or more levels.
    public let base: String
    /// The answering service.
    public let service: ServiceName

    public init(base: String, service: ServiceName) {
        self.base = base
        self.service = service
    }

    /// The topic filters `service` may publish answers to, as its ACL section grants them. The
    /// console answers no requests and has none.
    public var allowedFilters: [String] {
        // The console sends requests and answers none.
        guard service != .web else { return [] }
        var filters = ["\(base)/+/\(service.rawValue)/response/+", "\(base)/clients/+/responses/#"]
        if service == .notifier { filters.insert("\(base)/notifier/response/+", at: 1) }
        return filters
    }

    /// Whether an answer may be published on `responseTopic`, and if not, why.
    public func check(_ responseTopic: String) -> ResponseTopicCheck {
        if let reason = refusal(of: responseTopic) {
            return .refused(reason: reason, prefix: Self.prefix(of: responseTopic))
        }
        return .allowed
    }

    /// `topic` without its last level (a requester usually varies only that one), or `topic`
    /// itself when it has a single level: what a refusal is remembered by, so it is logged once.
    public static func prefix(of topic: String) -> String {
        guard let slash = topic.lastIndex(of: "/") else { return topic }
        return String(topic[..<slash])
    }

    private var places: String {
        let fallback = service == .notifier ? "\(base)/[<cluster>/]notifier/response/<op>" : "\(base)/<cluster>/\(service.rawValue)/response/<op>"
        return "\(base)/clients/<username>/responses/… or \(fallback)"
    }

    private func refusal(of topic: String) -> String? {
        guard service != .web else { return "the console answers no requests" }
        guard !topic.isEmpty else { return "the response topic is empty" }
        if topic.contains(where: { $0 == "+" || $0 == "#" || $0 == "\0" }) {
            return "the response topic '\(topic)' holds a wildcard (+, #) or NUL: it is not a topic name"
        }
        if allowedFilters.contains(where: { Self.matches($0, topic) }) { return nil }
        let inbox = "\(base)/clients/"
        if topic.hasPrefix(inbox) {
            return "the response topic '\(topic)' is not an inbox: answers go to \(inbox)<username>/responses/…"
        }
        let levels = topic.split(separator: "/", omittingEmptySubsequences: false)
        let baseLevels = base.split(separator: "/", omittingEmptySubsequences: false)
        if topic.hasPrefix(base + "/"), levels.count == baseLevels.count + 4, levels[baseLevels.count + 2] == "response" {
            let owner = levels[baseLevels.count + 1]
            return "the response topic '\(topic)' is the fallback topic of \(owner), not of \(service.rawValue): "
                + "the broker lets \(service.rawValue) answer only on \(places)"
        }
        return "the response topic '\(topic)' lies outside the places the broker lets \(service.rawValue) answer: \(places)"
    }

    /// MQTT filter matching for the filters above: `+` is one level, a final `#` the parent
    /// level and everything below it.
    static func matches(_ filter: String, _ topic: String) -> Bool {
        let filterLevels = filter.split(separator: "/", omittingEmptySubsequences: false)
        let topicLevels = topic.split(separator: "/", omittingEmptySubsequences: false)
        for (index, level) in filterLevels.enumerated() {
            if level == "#" { return true }
            guard index < topicLevels.count, level == "+" || level == topicLevels[index] else { return false }
        }
        return filterLevels.count == topicLevels.count
    }
}

/// The verdict of `ResponseTopicPolicy.check(_:)`.
public enum ResponseTopicCheck: Sendable, Hashable {
    /// The broker lets the service publish there.
    case allowed
    /// The broker would refuse it: `reason` says why, `prefix` is what it is remembered by.
    case refused(reason: String, prefix: String)
}
