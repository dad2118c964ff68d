import Synchronization

/// Pairs results produced on libmosquitto's network thread with the tasks awaiting them, in
/// whichever order the two arrive. Keys are packet ids (acknowledgements) or correlation data
/// (responses).
///
/// Some operations do not survive a lost connection (QoS 0 publishes, SUBSCRIBE, UNSUBSCRIBE:
/// libmosquitto drops them), others do (QoS ≥ 1 publishes are resent after reconnecting). Waiters
/// of the former fail with `.connectionLost` when `connectionLost()` is called; the `epoch`
/// snapshot taken *before* starting the operation closes the race with a loss that happens
/// before the waiter is registered.
final class MQTTRendezvous<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private enum Slot {
        /// Someone announced interest (`expect`), nobody waits yet.
        case expected
        case waiting(CheckedContinuation<Value, any Error>, survivesDisconnect: Bool)
        /// The result arrived before its waiter.
        case delivered(Result<Value, any Error>)
        /// Nobody will wait: swallow the result when it comes.
        case abandoned(survivesDisconnect: Bool)
    }

    private struct State {
        var slots: [Key: Slot] = [:]
        var closedError: MQTTError?
    }

    private let state = Mutex(State())
    /// Changed only under `state`'s lock; read without it.
    private let currentEpoch = Atomic<UInt64>(0)
    /// Whether results for unknown keys are kept for a waiter that has not registered yet
    /// (true for acknowledgements, whose packet id is only known after the C call returns).
    private let keepsEarlyResults: Bool

    init(keepsEarlyResults: Bool) {
        self.keepsEarlyResults = keepsEarlyResults
    }

    /// Incremented by every `connectionLost()`; snapshot it before starting an operation.
    var epoch: UInt64 { currentEpoch.load(ordering: .acquiring) }

    /// Announces that a result for `key` will be awaited, so one arriving first is kept.
    func expect(_ key: Key) {
        state.withLock { $0.slots[key] = .expected }
    }

    /// Hands `result` to the waiter of `key` (or keeps it for one). Returns whether anyone wanted it.
    @discardableResult
    func deliver(_ result: Result<Value, any Error>, for key: Key) -> Bool {
        // Continuations are resumed after the lock is released: resuming takes the task's status
        // lock, which a concurrent cancellation holds while its handler waits for this lock.
        let (wanted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Value, any Error>?) in
            switch state.slots[key] {
            case .waiting(let continuation, _):
                state.slots[key] = nil
                return (true, continuation)
            case .expected:
                state.slots[key] = .delivered(result)
                return (true, nil)
            case .abandoned:
                state.slots[key] = nil
                return (false, nil)
            case .delivered, nil:
                guard keepsEarlyResults else { return (false, nil) }
                state.slots[key] = .delivered(result)
                return (true, nil)
            }
        }
        waiter?.resume(with: result)
        return wanted
    }

    /// Declares that nobody will wait for `key`: its result is discarded whenever it arrives.
    func abandon(_ key: Key, since epoch: UInt64, survivesDisconnect: Bool) {
        state.withLock { state in
            if case .delivered = state.slots[key] {
                state.slots[key] = nil
            } else if keepsEarlyResults && (survivesDisconnect || self.epoch == epoch) {
                state.slots[key] = .abandoned(survivesDisconnect: survivesDisconnect)
            } else {
                state.slots[key] = nil
            }
        }
    }

    /// Waits for the result of `key`. Cancelling the task throws `CancellationError` and abandons the key.
    /// - Parameters:
    ///   - epoch: `epoch` read before the operation started.
    ///   - survivesDisconnect: whether the result can still come after the connection drops.
    func wait(for key: Key, since epoch: UInt64, survivesDisconnect: Bool) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let ready = state.withLock { state -> Result<Value, any Error>? in
                    if let closed = state.closedError {
                        state.slots[key] = nil
                        return .failure(closed)
                    }
                    switch state.slots[key] {
                    case .delivered(let result):
                        state.slots[key] = nil
                        return result
                    case .waiting:
                        return .failure(MQTTError(kind: .invalidArgument, message: "duplicate wait for one MQTT operation"))
                    case .expected, .abandoned, nil:
                        if Task.isCancelled {
                            state.slots[key] = abandonedSlot(survivesDisconnect)
                            return .failure(CancellationError())
                        } else if !survivesDisconnect && self.epoch != epoch {
                            state.slots[key] = nil
                            return .failure(Self.lostError)
                        }
                        state.slots[key] = .waiting(continuation, survivesDisconnect: survivesDisconnect)
                        return nil
                    }
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Value, any Error>? in
                guard case .waiting(let continuation, let survives) = state.slots[key] else { return nil }
                state.slots[key] = abandonedSlot(survives)
                return continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// The connection dropped: fail and forget everything that cannot complete any more.
    func connectionLost() {
        let failed = state.withLock { state -> [CheckedContinuation<Value, any Error>] in
            currentEpoch.add(1, ordering: .acquiringAndReleasing)
            var failed: [CheckedContinuation<Value, any Error>] = []
            for (key, slot) in state.slots {
                switch slot {
                case .waiting(let continuation, survivesDisconnect: false):
                    state.slots[key] = nil
                    failed.append(continuation)
                case .abandoned(survivesDisconnect: false):
                    state.slots[key] = nil
                default:
                    break
                }
            }
            return failed
        }
        failed.forEach { $0.resume(throwing: Self.lostError) }
    }

    /// Fails every current and future waiter with `error`.
    func close(with error: MQTTError) {
        let failed = state.withLock { state -> [CheckedContinuation<Value, any Error>] in
            state.closedError = error
            defer { state.slots.removeAll() }
            return state.slots.values.compactMap { slot in
                if case .waiting(let continuation, _) = slot { return continuation }
                return nil
            }
        }
        failed.forEach { $0.resume(throwing: error) }
    }

    private func abandonedSlot(_ survivesDisconnect: Bool) -> Slot? {
        keepsEarlyResults ? .abandoned(survivesDisconnect: survivesDisconnect) : nil
    }

    private static var lostError: MQTTError {
        MQTTError(kind: .connectionLost, message: "the connection dropped before the broker answered")
    }
}
