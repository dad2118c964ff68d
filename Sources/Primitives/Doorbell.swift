import Foundation
import Synchronization

/// Wakes a sleeping worker early: `wait(until:)` returns at the deadline, when `ring()` is
/// called, or when the task is cancelled. A ring while nobody waits is kept for the next wait.
public final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes the waiter, or the next one.
    public func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Sleeps until `deadline`, a ring or cancellation, whichever comes first.
    public func wait(until deadline: Date) async {
        let seconds = deadline.timeIntervalSinceNow
        guard seconds > 0, !Task.isCancelled else { return }
        if state.withLock({ state in
            defer { state.rung = false }
            return state.rung
        }) {
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForRing() }
            group.addTask { try? await Task.sleep(for: .milliseconds(Int(min(seconds, 86_400) * 1000))) }
            await group.next()
            group.cancelAll()
        }
        state.withLock { $0.rung = false }
    }

    private func waitForRing() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.rung || Task.isCancelled {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            ring()
        }
    }
}
