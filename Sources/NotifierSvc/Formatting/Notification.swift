import Contract
import Foundation

/// The content of one message to a destination: one event, or a summary of several that
/// arrived within the coalescing window.
public struct Notification: Sendable, Equatable {
    public var events: [BusEvent]

    public init(events: [BusEvent]) {
        precondition(!events.isEmpty, "a notification has at least one event")
        self.events = events
    }

    public var isSummary: Bool { events.count > 1 }
    /// The most severe event's severity.
    public var severity: BusEvent.Severity { events.map(\.severity).max() ?? .info }
    public var presentations: [EventPresentation] { events.map(EventPresentation.init) }
    /// The clusters of the events, in first-seen order.
    public var clusters: [String] {
        events.reduce(into: [String]()) { if !$0.contains($1.cluster) { $0.append($1.cluster) } }
    }

    /// The headline: the event's own, or `12 events on demo: 10 × migrations completed, 2 × …`.
    public var title: String {
        guard isSummary else { return EventPresentation(events[0]).headline }
        return "\(events.count) events on \(clusters.joined(separator: ", ")): \(counts)"
    }

    /// `10 × migrations completed, 2 × migrations failed`, most frequent first.
    public var counts: String {
        var order: [String] = []
        var count: [String: Int] = [:]
        for event in events {
            let type = EventType.of(event)
            if count[type] == nil { order.append(type) }
            count[type, default: 0] += 1
        }
        let label = { (type: String) in type.replacingOccurrences(of: ".", with: " ").replacingOccurrences(of: "_", with: " ") }
        return order.sorted { count[$0]! > count[$1]! }.map { "\(count[$0]!) × \(label($0))" }.joined(separator: ", ")
    }

    /// Plain text of the whole notification (fallbacks, ntfy, Gotify, webhook `text`).
    public var plainText: String {
        guard isSummary else { return EventPresentation(events[0]).plainText }
        return ([title] + presentations.map { "• [\($0.severity.rawValue)] \($0.line)" }).joined(separator: "\n")
    }

    /// A symbol for the severity, readable on a lock screen.
    static func symbol(_ severity: BusEvent.Severity) -> String {
        switch severity {
        case .info: "ℹ️"
        case .warning: "⚠️"
        case .critical: "🚨"
        }
    }
}
