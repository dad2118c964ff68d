import Foundation

/// A lifecycle event on `{b}/events/<category>` (never retained). The notifier turns these
/// into chat messages, so `title` and `message` are written for a human on a phone.
public struct BusEvent: Codable, Sendable, Equatable {
    public var v: Int = 1
    /// Unique id (also the notifier's idempotency key).
    public var id: String
    public var cluster: String
    public var category: EventCategory
    /// Machine-readable kind within the category, e.g. `collection_failed`, `recovered`.
    public var kind: String
    public var severity: Severity
    public var at: Date
    public var title: String
    public var message: String
    /// Extra facts (node, endpoint, status…), string values only so every consumer can show them.
    public var details: [DetailItem]

    public init(
        id: String = UUID().uuidString.lowercased(), cluster: String, category: EventCategory, kind: String,
        severity: Severity, at: Date, title: String, message: String, details: [DetailItem] = []
    ) {
        self.id = id
        self.cluster = cluster
        self.category = category
        self.kind = kind
        self.severity = severity
        self.at = at
        self.title = title
        self.message = message
        self.details = details
    }

    /// How much a human should care.
    public enum Severity: String, Codable, Sendable, Comparable, CaseIterable, KnownValues {
        case info, warning, critical

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    /// One labelled fact of an event.
    public struct DetailItem: Codable, Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }
}
