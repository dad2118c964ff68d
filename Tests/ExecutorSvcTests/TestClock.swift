import Foundation
import Synchronization

/// A clock a test sets and moves: the executor's decisions, windows and rollback windows read it.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// The clock to inject.
    var reading: @Sendable () -> Date { { self.now } }
}
