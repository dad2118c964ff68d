public import Contract
import Foundation
public import SQLite

/// Every migration the executor was asked for, in SQLite, written before each step that
/// changes the cluster: a row exists before the Proxmox call, so after a crash the executor
/// finds it and follows the task instead of starting another.
public struct MigrationJournal: Sendable {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Inserts a new migration or replaces the stored state of an existing one. With `answer`,
    /// the command's answer is recorded in the same transaction, so a command is either
    /// accepted with its migration or not at all (see `CommandLedger`).
    public func save(_ status: MigrationStatus, answer: CommandLedger.Answer? = nil) async throws {
        let json = String(decoding: try MessageCoding.encode(status), as: UTF8.self)
        try await database.write { database in
            try database.transaction {
                if let answer { try CommandLedger.insert(answer, into: database) }
                try Self.upsert(status, json: json, into: database)
            }
        }
    }

    /// Saves `status` (about to ask Proxmox) together with the tasks that existed before the
    /// request, in one transaction: recovery then never takes one of them for this migration's.
    public func save(_ status: MigrationStatus, fence: TaskFence) async throws {
        let json = String(decoding: try MessageCoding.encode(status), as: UTF8.self)
        let known = String(decoding: try MessageCoding.encode(fence.known.sorted()), as: UTF8.self)
        try await database.write { database in
            try database.transaction {
                try Self.upsert(status, json: json, into: database)
                try database.execute(
                    "INSERT OR REPLACE INTO task_fences (migration_id, node, known) VALUES (?, ?, ?)",
                    .text(status.id), .text(fence.node), .text(known))
            }
        }
    }

    /// The tasks that existed before migration `id` asked Proxmox, if it recorded them.
    public func fence(_ id: String) async throws -> TaskFence? {
        let rows = try await database.read { try $0.query("SELECT node, known FROM task_fences WHERE migration_id = ?", [.text(id)]) }
        guard let row = rows.first, let node = row.string("node"), let known = row.string("known") else { return nil }
        return TaskFence(node: node, known: Set(try MessageCoding.decode([String].self, from: Data(known.utf8))))
    }

    /// The Proxmox tasks (UPIDs) other migrations of guest `vmid` than `id` have claimed.
    public func claimedTasks(vmid: Int, except id: String) async throws -> Set<String> {
        let others = try await select("SELECT record FROM migrations WHERE vmid = ? AND id <> ?", [.integer(Int64(vmid)), .text(id)])
        return Set(others.flatMap { [$0.upid, $0.haUpid].compactMap { $0 } })
    }

    private static func upsert(_ status: MigrationStatus, json: String, into database: SQLiteDatabase) throws {
        try database.execute(
            """
            INSERT INTO migrations (id, vmid, state, origin, created_at, finished_at, record, requested_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, finished_at = excluded.finished_at, record = excluded.record,
                requested_by = excluded.requested_by
            """,
            .text(status.id), .integer(Int64(status.vmid)), .text(status.state.rawValue), .text(status.origin.rawValue),
            .real(status.createdAt.timeIntervalSince1970),
            status.finishedAt.map { .real($0.timeIntervalSince1970) } ?? .null, .text(json), status.requestedBy.map { .text($0) } ?? .null)
    }

    /// Ended migrations older than `before` (dry runs older than `dryRunsBefore`), oldest
    /// first, with whether their state is still retained on the bus.
    public func expired(before: Date, dryRunsBefore: Date) async throws -> [(id: String, retained: Bool)] {
        let rows = try await database.read { database in
            try database.query(
                "SELECT id, retained FROM migrations WHERE \(Self.expired) ORDER BY created_at",
                [.real(before.timeIntervalSince1970), .real(dryRunsBefore.timeIntervalSince1970)])
        }
        return rows.compactMap { row in row.string("id").map { ($0, row.int("retained") != 0) } }
    }

    /// Dry runs created before `before` whose state is still retained on the bus, oldest first.
    public func retainedDryRuns(before: Date) async throws -> [String] {
        let rows = try await database.read { database in
            try database.query(
                "SELECT id FROM migrations WHERE state = 'dry_run' AND retained = 1 AND created_at < ? ORDER BY created_at",
                [.real(before.timeIntervalSince1970)])
        }
        return rows.compactMap { $0.string("id") }
    }

    /// Records that the retained states of `ids` were cleared from the bus.
    public func markUnretained(_ ids: [String]) async throws {
        try await database.write { database in
            try database.transaction {
                for id in ids { try database.execute("UPDATE migrations SET retained = 0 WHERE id = ?", .text(id)) }
            }
        }
    }

    /// Deletes migrations `ids` (ended ones only) with their outcome rows and task fences, and
    /// command answers older than `commandsBefore`; returns the migrations deleted.
    @discardableResult
    public func delete(_ ids: [String], commandsBefore: Date) async throws -> Int {
        try await database.write { database in
            try database.transaction {
                var count = 0
                for id in ids {
                    try database.execute("DELETE FROM outcomes WHERE migration_id = ?", .text(id))
                    try database.execute("DELETE FROM task_fences WHERE migration_id = ?", .text(id))
                    try database.execute("DELETE FROM migrations WHERE id = ? AND \(Self.ended)", .text(id))
                    count += database.changes
                }
                try database.execute("DELETE FROM commands WHERE at < ?", .real(commandsBefore.timeIntervalSince1970))
                return count
            }
        }
    }

    private static let ended = "state IN ('completed', 'failed', 'skipped', 'dry_run', 'cancelled')"
    private static let expired = "\(ended) AND (created_at < ? OR (state = 'dry_run' AND created_at < ?))"

    /// The migration with `id`, or `nil`.
    public func migration(_ id: String) async throws -> MigrationStatus? {
        try await select("SELECT record FROM migrations WHERE id = ?", [.text(id)]).first
    }

    /// Migrations that have not ended (queued, validating, running), oldest first.
    public func unfinished() async throws -> [MigrationStatus] {
        try await select(
            "SELECT record FROM migrations WHERE state IN ('queued', 'validating', 'running') ORDER BY created_at", [])
    }

    /// Migrations created in `range` (newest first), at most `limit`.
    public func history(from: Date? = nil, to: Date? = nil, vmid: Int? = nil, limit: Int = 500) async throws -> [MigrationStatus] {
        var sql = "SELECT record FROM migrations WHERE created_at >= ? AND created_at <= ?"
        var parameters: [SQLiteValue] = [.real(from?.timeIntervalSince1970 ?? 0), .real(to?.timeIntervalSince1970 ?? 1e12)]
        if let vmid {
            sql += " AND vmid = ?"
            parameters.append(.integer(Int64(vmid)))
        }
        sql += " ORDER BY created_at DESC LIMIT ?"
        parameters.append(.integer(Int64(limit)))
        return try await select(sql, parameters)
    }

    private func select(_ sql: String, _ parameters: [SQLiteValue]) async throws -> [MigrationStatus] {
        let rows = try await database.read { try $0.query(sql, parameters) }
        return try rows.compactMap { row in
            try row.string("record").map { try MessageCoding.decode(MigrationStatus.self, from: Data($0.utf8)) }
        }
    }
}
