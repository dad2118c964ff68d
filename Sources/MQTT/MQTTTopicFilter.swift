/// MQTT topic names and filters: validation and matching, as specified by MQTT v5 §4.7.
public enum MQTTTopicFilter {
    private static let sharePrefix = "$share/"

    /// Whether the topic name `topic` matches the subscription `filter`. `+` matches one level,
    /// a final `#` matches the parent level and everything below, `$share/<group>/` is ignored,
    /// and topics starting with `$` never match a filter starting with a wildcard.
    public static func matches(_ filter: String, topic: String) -> Bool {
        guard let pattern = matchablePart(of: filter) else { return false }
        let filterLevels = pattern.split(separator: "/", omittingEmptySubsequences: false)
        let topicLevels = topic.split(separator: "/", omittingEmptySubsequences: false)
        if topic.hasPrefix("$"), let first = filterLevels.first, first == "#" || first == "+" {
            return false
        }
        for (index, level) in filterLevels.enumerated() {
            if level == "#" { return true }
            guard index < topicLevels.count else { return false }
            if level != "+" && level != topicLevels[index] { return false }
        }
        return filterLevels.count == topicLevels.count
    }

    /// Whether `filter` is a valid subscription filter (wildcards only as whole levels, `#` last,
    /// well-formed `$share/<group>/<filter>`).
    public static func isValid(_ filter: String) -> Bool {
        guard let pattern = matchablePart(of: filter), !pattern.isEmpty, !pattern.contains("\0") else { return false }
        let levels = pattern.split(separator: "/", omittingEmptySubsequences: false)
        for (index, level) in levels.enumerated() {
            if level.contains("#") && (level != "#" || index != levels.count - 1) { return false }
            if level.contains("+") && level != "+" { return false }
        }
        return true
    }

    /// Whether `topic` may be published to: non-empty, no wildcards, no NUL.
    public static func isValidTopicName(_ topic: String) -> Bool {
        !topic.isEmpty && !topic.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "#") || $0 == 0 })
    }

    /// The part of `filter` that is matched against topics: without a `$share/<group>/` prefix.
    /// `nil` for a malformed shared-subscription filter.
    static func matchablePart(of filter: String) -> Substring? {
        guard filter.hasPrefix(sharePrefix) else { return filter[...] }
        let afterPrefix = filter.dropFirst(sharePrefix.count)
        guard let slash = afterPrefix.firstIndex(of: "/") else { return nil }
        let group = afterPrefix[..<slash]
        guard !group.isEmpty, !group.contains("+"), !group.contains("#") else { return nil }
        let pattern = afterPrefix[afterPrefix.index(after: slash)...]
        return pattern.isEmpty ? nil : pattern
    }
}
