import Dispatch

/// A serial dispatch queue for blocking C calls (`curl_easy_perform`, `sqlite3_step`): the async
/// caller suspends while the work runs on the queue's own thread, so the cooperative pool
/// never blocks. (Custom serial executors backed by dispatch queues do not exist on Linux.)
package final class BlockingQueue: Sendable {
    private let queue: DispatchQueue

    package init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `work` on the queue, after the work queued before it, and returns its result.
    package func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
