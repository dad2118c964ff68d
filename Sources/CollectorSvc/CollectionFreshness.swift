import Primitives

/// Whether the collector keeps the cluster state current, for its readiness: the last successful
/// collection is younger than three intervals — the age past which scoring no longer plans from
/// a snapshot. Pure.
struct CollectionFreshness: Sendable, Equatable {
    /// Intervals a successful collection stays fresh.
    static let intervals = 3.0

    /// Time since the last successful collection; `nil` when there was none yet.
    var sinceSuccess: Duration?
    /// The collection interval, in seconds.
    var intervalSeconds: Double
    /// Why the latest cycle failed, if it did.
    var lastFailure: String?

    /// What is wrong, or `nil` when the state on the bus is fresh.
    var problem: String? {
        let limit = Self.intervals * intervalSeconds
        let stale: String
        if let sinceSuccess {
            guard sinceSuccess.seconds >= limit else { return nil }
            stale = "the last successful collection was \(Int(sinceSuccess.seconds)) s ago, more than 3 intervals (\(Self.format(limit)) s)"
        } else {
            stale = "no successful collection yet"
        }
        return stale + (lastFailure.map { "; the last cycle failed: \($0)" } ?? "")
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))" : "\(seconds)"
    }
}
