import Foundation
import Logging

extension Executor {
    /// Runs `body` on a task the executor tracks until it ends, so `shutdown` finds it.
    func own(_ body: @escaping @Sendable (Executor) async -> Void) {
        let id = UUID()
        owned[id] = Task {
            await body(self)
            self.release(id)
        }
    }

    private func release(_ id: UUID) {
        owned[id] = nil
    }

    /// Automation runs and evacuations in progress.
    public var ownedTaskCount: Int { owned.count }

    /// Stops starting work and waits up to `grace` for the automation runs and evacuations in
    /// progress to end; those still running then are cancelled and record where they stopped: a
    /// run publishes its state with the moves it did not start deferred; an evacuation's moves
    /// not started stay queued in the journal and resume at the next start. A migration in
    /// progress goes on in Proxmox; its journal row has it, so the next start follows it.
    public func shutdown(grace: Duration) async {
        stopping = true
        let tasks = Array(owned.values)
        if !tasks.isEmpty {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { for task in tasks { await task.value } }
                group.addTask { try? await Task.sleep(for: grace) }
                await group.next()
                for task in tasks { task.cancel() }
                group.cancelAll()
            }
            logger.info("automation runs and evacuations stopped", metadata: ["count": "\(tasks.count)"])
        }
        // Migrations in flight stay journaled as running and are followed again at the next start.
        await runner.stop()
    }
}

/// The result of `work`, which runs on a task of its own, or nil as soon as the calling task
/// is cancelled; `work` then goes on by itself.
func unlessCancelled<T: Sendable>(_ work: @escaping @Sendable () async -> T) async -> T? {
    let (results, continuation) = AsyncStream.makeStream(of: T.self, bufferingPolicy: .bufferingNewest(1))
    // Only a waiter: what it waits for (a migration) is the runner's, journaled and tracked there.
    Task {
        continuation.yield(await work())
        continuation.finish()
    }
    for await result in results { return result }
    return nil
}
