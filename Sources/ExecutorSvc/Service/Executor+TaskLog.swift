import Contract
import Foundation
import ProxmoxAPI
import ProxmoxClient

extension Executor {
    /// `task_log {migration_id, limit}`: the Proxmox task log of a migration's task, read live
    /// (`GET /nodes/{node}/tasks/{upid}/log`). A viewer's read: nothing is journaled.
    func taskLog(_ payload: Data, id: String?) async -> [UInt8] {
        let request: TaskLogRequest
        switch decode(TaskLogRequest.self, payload) {
        case .success(let value): request = value
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        }
        let migration: MigrationStatus
        do {
            guard let found = try await journal.migration(request.migrationId) else {
                return ReplyPayload.failure(id: id, .notFound("no migration '\(request.migrationId)'"))
            }
            migration = found
        } catch {
            return ReplyPayload.failure(id: id, .internal("the journal could not be read: \(error)"))
        }
        guard let raw = migration.upid ?? migration.haUpid, let upid = try? PVEUPID(parsing: raw) else {
            return ReplyPayload.failure(id: id, .invalid(Self.noTask(migration)))
        }
        do {
            // The status first: a task that had ended then has its whole log written.
            let ended = !(try await client.taskStatus(upid).isRunning)
            let log = try await client.taskLog(upid, start: 0, limit: request.limit ?? TaskLogRequest.defaultLimit)
            let whole = (log.lines.last?.number ?? 0) >= log.total
            let reply = TaskLogReply(
                migrationId: migration.id, upid: upid.rawValue, node: upid.node, lines: log.lines.map(\.text), complete: ended && whole)
            return ReplyPayload.make(id: id, .success(reply))
        } catch {
            return ReplyPayload.failure(id: id, .proxmox(error))
        }
    }

    /// Why `migration` has no Proxmox task, in a sentence.
    static func noTask(_ migration: MigrationStatus) -> String {
        let prefix = "migration \(migration.id) has no Proxmox task, so no task log"
        switch migration.state {
        case .dryRun: return "\(prefix): it was a dry run (validated and recorded only; nothing was sent to Proxmox)"
        case .skipped:
            return "\(prefix): it was skipped by validation (\(migration.error ?? "a check failed")); nothing was sent to Proxmox"
        case .queued, .validating: return "\(prefix) yet: it is \(migration.state.rawValue); try again once it runs"
        case .running: return "\(prefix) yet: Proxmox has not answered the migrate request; try again in a moment"
        case .failed, .cancelled, .completed:
            return "\(prefix): it \(migration.state.rawValue) before Proxmox started one (\(migration.error ?? migration.message))"
        }
    }
}
