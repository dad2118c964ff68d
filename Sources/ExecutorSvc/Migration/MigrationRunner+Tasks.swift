import Foundation
import Logging
import Shared

extension MigrationRunner {
    /// Waits for the `hamigrate` request to end, then finds the migration task the HA stack
    /// starts on the source node. `nil` when the migration ended here (state recorded).
    func haTask(_ status: inout MigrationStatus, request: PVEUPID) async -> PVEUPID? {
        do {
            let end = try await follower.follow(request) { _ in }
            guard end.succeeded else {
                await fail(&status, "Proxmox HA refused the migration: \(end.text)")
                return nil
            }
        } catch {
            await fail(&status, "\(error)")
            return nil
        }
        let deadline = ContinuousClock.now + configuration.haStartTimeout
        while ContinuousClock.now < deadline {
            if let found = try? await findTask(status, since: request.startTime.addingTimeInterval(-1), types: ["qmigrate", "vzmigrate"]) {
                return found
            }
            if (try? await guestNode(status.vmid)) == status.target {
                await complete(&status, "\(status.label) now runs on \(status.target) (moved by Proxmox HA)")
                return nil
            }
            try? await Task.sleep(for: configuration.pollInterval)
        }
        await fail(&status, "Proxmox HA accepted the request but started no migration within \(configuration.haStartTimeout)")
        return nil
    }

    /// After a restart, finds the task of a migration journaled as started without a task id.
    /// True when one was found (and recorded); otherwise the state is final: completed when the
    /// guest is already on its target, else failed — the migration is never started again.
    func adoptTask(_ status: inout MigrationStatus) async -> Bool {
        let since = (status.startedAt ?? status.createdAt).addingTimeInterval(-configuration.adoptionMargin)
        // Proxmox may be unreachable right after a restart: keep asking (backing off to 30 s)
        // until the migration timeout; only an answer decides the outcome.
        let deadline = ContinuousClock.now + configuration.timeout
        var delay = configuration.pollInterval
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            if lastError != nil {
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
            do {
                if let found = try await findTask(status, since: since, types: LiveFactsReader.migrationTaskTypes) {
                    if found.type == "hamigrate" { status.haUpid = found.rawValue } else { status.upid = found.rawValue }
                    logger.info("found the task of an interrupted migration", metadata: ["migration": "\(status.id)", "upid": "\(found)"])
                    await record(status)
                    return true
                }
                if try await guestNode(status.vmid) == status.target {
                    await complete(&status, "\(status.label) runs on \(status.target); the migration ended while the executor was stopped")
                } else {
                    await fail(
                        &status,
                        "the executor stopped before Proxmox accepted the migration, so none was started; send the command again if the move is still wanted")
                }
                return false
            } catch {
                lastError = error
                logger.warning("interrupted migration not looked up yet; retrying", metadata: ["migration": "\(status.id)", "error": "\(error)"])
            }
        }
        await fail(&status, "after a restart the migration task could not be looked up: \(lastError.map { "\($0)" } ?? "unknown error")")
        return false
    }

    /// The earliest task of `types` for the guest on its source node that started at or after `since`.
    private func findTask(_ status: MigrationStatus, since: Date, types: Set<String>) async throws -> PVEUPID? {
        let tasks = try await client.nodeTasks(status.source, vmid: status.vmid, source: .all, limit: 50)
        let match = tasks
            .filter { types.contains($0.type ?? "") && ($0.startTime ?? .distantPast) >= since }
            .min { ($0.startTime ?? .distantPast) < ($1.startTime ?? .distantPast) }
        return try match.map { try PVEUPID(parsing: $0.upid) }
    }

    /// The node the guest runs on now.
    private func guestNode(_ vmid: Int) async throws -> String? {
        try await client.clusterResources(type: .vm).first { $0.vmid == vmid }?.node
    }

    /// Marks the migration completed with `message`, journals, publishes and announces it.
    private func complete(_ status: inout MigrationStatus, _ message: String) async {
        status.end(.completed, error: nil, message: message)
        await record(status)
        await publisher.event(status, reason: nil)
    }
}
