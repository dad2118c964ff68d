import Contract
import Foundation

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

    /// The most destinations.
    public static let maximumDestinations = 50
    /// Allowed range of `coalesce_window_seconds`.
    public static let coalesceRange: ClosedRange<Double> = 0...3600

    /// Refuses the first value out of range, naming its JSON key (`destinations[2].url`).
    public func validate() throws(ReplyError) {
        try InputCheck.number(coalesceWindowSeconds, "coalesce_window_seconds", in: Self.coalesceRange)
        try retry.validate()
        try InputCheck.count(destinations.count, "destinations", atMost: Self.maximumDestinations)
        var seen: Set<String> = []
        for (index, destination) in destinations.enumerated() {
            let field = JSONKey.path("destinations", index: index)
            try destination.validate(at: field)
            guard seen.insert(destination.id).inserted else { throw .invalid("\(field).id: '\(destination.id)' is used twice") }
        }
    }
}
