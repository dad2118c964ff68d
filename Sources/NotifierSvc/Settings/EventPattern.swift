import Contract

/// The type of an event as destinations select it: `<category>.<kind>`, e.g.
/// `migrations.failed`, `collector.recovered`, `notifier.service_offline`.
public enum EventType {
    /// The type of `event`.
    public static func of(_ event: BusEvent) -> String { "\(event.category.rawValue).\(event.kind)" }

    /// Whether `pattern` selects `type`: `*` selects all, `migrations.*` a whole category,
    /// anything else one exact type.
    public static func matches(_ pattern: String, _ type: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix(".*") { return type.hasPrefix(String(pattern.dropLast())) }
        return pattern == type
    }

    /// Why `pattern` cannot select anything, or `nil` when it is valid: `*`, `<category>.*` or
    /// `<category>.<kind>` with a known category.
    public static func problem(in pattern: String) -> String? {
        if pattern == "*" { return nil }
        let parts = pattern.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty else {
            return "'\(pattern)' must be '*', '<category>.*' or '<category>.<kind>'"
        }
        guard EventCategory(rawValue: String(parts[0])) != nil else {
            let known = EventCategory.allCases.map(\.rawValue).joined(separator: ", ")
            return "'\(pattern)': unknown category '\(parts[0])' (one of \(known))"
        }
        return nil
    }
}
