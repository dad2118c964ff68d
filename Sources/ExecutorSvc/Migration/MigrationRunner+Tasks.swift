import Contract
import Foundation
import Logging
import Primitives
import ProxmoxAPI
import ProxmoxClient

extension MigrationRunner {
    /// Waits for the `hamigrate` request to end, then finds the migration task the HA stack
    /// starts on the source node. `nil` when the migration ended here (state recorded).
    /// - Throws: `CancellationError` when the executor stops (nothing recorded as final).
    func haTask(_ status: inout MigrationStatus, request: PVEUPID) async throws(CancellationError) -> PVEUPID? {
        do {
            let end = try await follower.follow(request) { _ in }
            guard end.succeeded else {
                await fail(&status, "Proxmox HA refused the migration: \(end.text)")
                return nil
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            await fail(&status, "\(error)")
            return nil
        }
        let deadline = ContinuousClock.now + configuration.haStartTimeout
        while ContinuousClock.now < deadline {
            // The HA stack starts its task after the request, both on Proxmox's clock.
            if let found = try? await locateTask(status, fence: nil, notBefore: request.startTime, types: ["qmigrate", "vzmigrate"]) {
                return found
            }
            try await pause(configuration.pollInterval)
        }
        if (try? await guestNode(status.vmid)) == status.target {
            await fail(&status, "Proxmox HA moved \(status.label) to \(status.target), but its migration task was not found to confirm it")
        } else {
            await fail(&status, "Proxmox HA accepted the request but started no migration within \(configuration.haStartTimeout)")
        }
        return nil
    }

    /// Settles a migration whose request may or may not have reached Proxmox (the executor
    /// stopped before hearing the answer, or the answer was lost): the task it started is found
    /// and recorded (true), or — once Proxmox answers that there is none and `grace` after the
    /// request has passed — the migration ends `failed` with `notStarted` (false). Lookups that
    /// fail are retried, backing off to 30 s, until the migration timeout; only an answer from
    /// Proxmox decides.
    /// - Throws: `CancellationError` when the executor stops (nothing recorded as final).
    func settleUnknownStart(
        _ status: inout MigrationStatus, fence: TaskFence?, grace: Duration, notStarted: String
    ) async throws(CancellationError) -> Bool {
        let requestedAt = status.startedAt ?? status.createdAt
        let notBefore = requestedAt.addingTimeInterval(-configuration.adoptionMargin)
        let deadline = ContinuousClock.now + configuration.timeout
        var delay = configuration.pollInterval
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            do {
                if let found = try await locateTask(status, fence: fence, notBefore: notBefore, types: LiveFactsReader.migrationTaskTypes) {
                    if found.type == "hamigrate" { status.haUpid = found.rawValue } else { status.upid = found.rawValue }
                    status.message = "\(status.label) is moving \(status.source) → \(status.target)"
                    logger.info("found the task of a migration", metadata: ["migration": "\(status.id)", "upid": "\(found)"])
                    await record(status)
                    return true
                }
                lastError = nil
                delay = configuration.pollInterval
                // Proxmox may still be starting a task asked for moments ago (a slow answer).
                if Date().timeIntervalSince(requestedAt) < grace.seconds {
                    try await pause(configuration.pollInterval)
                    continue
                }
                let node = try await guestNode(status.vmid)
                if node == status.target {
                    await fail(
                        &status,
                        "\(notStarted); \(status.label) is on \(status.target) now, but no task of this migration moved it")
                } else {
                    await fail(&status, notStarted)
                }
                return false
            } catch let error as CancellationError {
                throw error
            } catch {
                lastError = error
                logger.warning("migration task not looked up yet; retrying", metadata: ["migration": "\(status.id)", "error": "\(error)"])
                try await pause(delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
        await fail(&status, "the migration task could not be looked up: \(lastError.map { "\($0)" } ?? "unknown error")")
        return false
    }

    /// The task of this migration among the source node's tasks (see `TaskMatch`), or `nil`.
    /// - Throws: when Proxmox or the journal cannot be read.
    private func locateTask(_ status: MigrationStatus, fence: TaskFence?, notBefore: Date, types: Set<String>) async throws -> PVEUPID? {
        let claimed = try await journal.claimedTasks(vmid: status.vmid, except: status.id)
        let tasks = try await client.nodeTasks(status.source, vmid: status.vmid, source: .all, limit: 50)
        let candidates = TaskMatch.candidates(
            tasks, vmid: status.vmid, types: types, fence: fence, claimed: claimed, notBefore: notBefore)
        for upid in candidates {
            let log = try await client.taskLog(upid, start: 0, limit: 20)
            if TaskMatch.logAgrees(log.lines.map(\.text), vmid: status.vmid, target: status.target) { return upid }
        }
        return nil
    }

    /// The migration tasks of the guest on its source node now: what a task found later is not.
    func fence(_ status: MigrationStatus) async throws -> TaskFence {
        let tasks = try await client.nodeTasks(status.source, vmid: status.vmid, source: .all, limit: 50)
        return TaskFence(
            node: status.source, known: Set(tasks.filter { LiveFactsReader.migrationTaskTypes.contains($0.type ?? "") }.map(\.upid)))
    }

    /// The node the guest runs on now.
    func guestNode(_ vmid: Int) async throws -> String? {
        try await client.clusterResources(type: .vm).first { $0.vmid == vmid }?.node
    }

    /// Sleeps `duration`; throws only when the executor stops.
    func pause(_ duration: Duration) async throws(CancellationError) {
        do { try await Task.sleep(for: duration) } catch { throw CancellationError() }
    }

    /// Runs `body`, retrying up to `attempts` times (backing off from the poll interval) while it
    /// fails with an error a retry may cure (a transport failure or a 5xx of Proxmox).
    func retryingTransient<T>(attempts: Int = 3, _ body: () async throws -> T) async throws -> T {
        var delay = configuration.pollInterval
        for _ in 1..<attempts {
            do {
                return try await body()
            } catch let error as PVEError where error.isTransient {
                logger.warning("Proxmox read failed; retrying", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
                try await pause(delay)
                delay = delay * 2
            }
        }
        return try await body()
    }
}

extension PVEError {
    /// A failure a retry may cure: the transport, or a 5xx of Proxmox (not a refusal of the request).
    var isTransient: Bool {
        switch kind {
        case .transport, .nodeUnreachable, .server, .unexpectedStatus: return true
        default: return false
        }
    }

    /// Whether Proxmox may have started the task although this error came back: the request may
    /// have been carried out (5xx, transport failure, an answer that could not be read).
    var mayHaveStarted: Bool {
        switch kind {
        case .transport, .nodeUnreachable, .server, .unexpectedStatus, .decoding: return true
        default: return false
        }
    }
}
