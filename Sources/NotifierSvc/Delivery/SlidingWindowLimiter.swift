import Foundation

/// Keeps requests to one destination within `RateLimit`: at most `requests` in any window of
/// `perSeconds`, and none before a 429 pause ends. A value type over explicit times. Pure.
public struct SlidingWindowLimiter: Sendable {
    public var limit: RateLimit
    /// Added to every window, so a request that reaches the service a little sooner than the
    /// previous one (a reused connection after a new one) still lands outside the window.
    public static let margin: TimeInterval = 0.1
    /// Times of the latest requests, oldest first (at most `limit.requests`).
    private var recent: [Date] = []
    /// No request before this (a 429 pause).
    public private(set) var pausedUntil: Date?

    public init(limit: RateLimit) {
        self.limit = limit
    }

    /// The earliest time the next request may start, at or after `now`.
    public func nextAllowed(after now: Date) -> Date {
        var earliest = now
        if recent.count >= limit.requests, let oldest = recent.first {
            earliest = max(earliest, oldest.addingTimeInterval(limit.perSeconds + Self.margin))
        }
        if let pausedUntil { earliest = max(earliest, pausedUntil) }
        return earliest
    }

    /// Records a request at `time` (its answer's time is the safe choice: the request reached
    /// the service before that).
    public mutating func record(_ time: Date) {
        recent.append(time)
        if recent.count > limit.requests { recent.removeFirst(recent.count - limit.requests) }
    }

    /// Sends nothing before `until` (after a 429).
    public mutating func pause(until: Date) {
        pausedUntil = max(pausedUntil ?? until, until)
    }
}
