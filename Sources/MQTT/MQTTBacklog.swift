import CMosquitto
import Synchronization

/// Messages received but not yet taken by their subscribers, across one client's subscriptions.
///
/// libmosquitto acknowledges a message as it arrives, so a sender faster than the service fills
/// the subscription buffers; once a burst of `burst` messages or more has been taken, the freed
/// heap pages are handed back to the operating system (glibc keeps them otherwise, and the
/// process's memory would stay at its peak).
final class MQTTBacklog: Sendable {
    /// A backlog this large counts as a burst worth releasing memory after.
    static let burst = 1_000

    private struct Counts {
        var waiting = 0
        var peak = 0
    }

    private let counts = Mutex(Counts())

    /// `count` messages were handed to subscription buffers.
    func added(_ count: Int) {
        guard count > 0 else { return }
        counts.withLock { counts in
            counts.waiting += count
            counts.peak = max(counts.peak, counts.waiting)
        }
    }

    /// A subscriber took `count` messages.
    func taken(_ count: Int = 1) {
        let drainedBurst = counts.withLock { counts -> Bool in
            counts.waiting = max(0, counts.waiting - count)
            // Nearly empty rather than empty: a cancelled subscription's unread messages are never taken.
            guard counts.waiting <= Self.burst / 64, counts.peak >= Self.burst else { return false }
            counts.peak = 0
            return true
        }
        if drainedBurst { Self.releaseFreedMemory() }
    }

    private static func releaseFreedMemory() {
        _ = malloc_trim(0)
    }
}
