import Synchronization

/// Lends easy handles to requests, at most `capacity` at once. Handles are created on demand
/// and returned to the pool (with their open connections) after each request; callers beyond
/// the capacity suspend — without blocking a thread — until a handle comes back.
final class CurlHandlePool: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<CurlEasyHandle, any Error>
    }

    private struct State {
        var idle: [CurlEasyHandle] = []
        var created = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
    }

    private enum Grant {
        case handle(CurlEasyHandle)
        case create(index: Int)
        case cancelled
        case waiting
    }

    /// Thrown by `acquire` when libcurl cannot make a new handle.
    struct CreationFailed: Error {}

    private let state = Mutex(State())
    private let settings: CurlSettings

    init(settings: CurlSettings) {
        self.settings = settings
    }

    /// A handle for the caller's exclusive use; give it back with `release`.
    /// Throws `CancellationError` if the task is cancelled while waiting.
    func acquire() async throws -> CurlEasyHandle {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let grant = state.withLock { state -> Grant in
                    if Task.isCancelled { return .cancelled }
                    if let handle = state.idle.popLast() { return .handle(handle) }
                    if state.created < settings.maxConnections {
                        state.created += 1
                        return .create(index: state.created)
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return .waiting
                }
                switch grant {
                case .handle(let handle):
                    continuation.resume(returning: handle)
                case .create(let index):
                    if let handle = CurlEasyHandle(settings: settings, index: index) {
                        continuation.resume(returning: handle)
                    } else {
                        state.withLock { $0.created -= 1 }
                        continuation.resume(throwing: CreationFailed())
                    }
                case .cancelled:
                    continuation.resume(throwing: CancellationError())
                case .waiting:
                    break
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Gives the handle to the longest-waiting caller, or keeps it for the next one.
    func release(_ handle: CurlEasyHandle) {
        let waiter = state.withLock { state -> Waiter? in
            if state.waiters.isEmpty {
                state.idle.append(handle)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: handle)
    }
}
