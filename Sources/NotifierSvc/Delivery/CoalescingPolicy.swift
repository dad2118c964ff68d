import Foundation

/// Decides when a destination's pending events go out, and how many in one message. Pure.
///
/// With a window of 0 every event is its own message. Otherwise the first event after a quiet
/// period goes out at once, and the events arriving within `window` seconds of the last
/// message wait for the window to end and go out together as one summary.
public enum CoalescingPolicy {
    public enum Decision: Sendable, Equatable {
        /// Send this many of the pending events (oldest first) as one message.
        case send(count: Int)
        /// Nothing may go before this time.
        case wait(until: Date)
    }

    /// Most events summarised in one message.
    public static let maxBatch = 100

    /// The decision for `pending` due events, given when the last message went out.
    public static func decide(pending: Int, lastSent: Date?, now: Date, window: Double) -> Decision {
        guard pending > 0 else { return .wait(until: .distantFuture) }
        guard window > 0 else { return .send(count: 1) }
        if let lastSent, now < lastSent.addingTimeInterval(window) {
            return .wait(until: lastSent.addingTimeInterval(window))
        }
        return .send(count: min(pending, maxBatch))
    }
}
