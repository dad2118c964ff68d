public import Contract
import Foundation
public import SQLite

/// Due and done outcome measurements in SQLite (table `outcomes`, one row per migration and
/// checkpoint; `record` is empty until measured).
public struct OutcomeStore: Sendable {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Schedules the checkpoints of a migration that completed at `finished`.
    public func schedule(_ migrationID: String, finished: Date, checkpoints: [(name: String, seconds: Double)]) async throws {
        try await database.write { database in
            try database.transaction {
                for checkpoint in checkpoints {
                    try database.execute(
                        "INSERT OR IGNORE INTO outcomes (migration_id, checkpoint, due_at) VALUES (?, ?, ?)",
                        .text(migrationID), .text(checkpoint.name), .real(finished.timeIntervalSince1970 + checkpoint.seconds))
                }
            }
        }
    }

    /// Checkpoints due at `now` and not yet measured: migration id and checkpoint name.
    public func due(at now: Date) async throws -> [(migrationID: String, checkpoint: String)] {
        let rows = try await database.read {
            try $0.query(
                "SELECT migration_id, checkpoint FROM outcomes WHERE record IS NULL AND due_at <= ? ORDER BY due_at",
                [.real(now.timeIntervalSince1970)])
        }
        return rows.compactMap { row in
            guard let id = row.string("migration_id"), let checkpoint = row.string("checkpoint") else { return nil }
            return (id, checkpoint)
        }
    }

    /// Stores a measurement.
    public func save(_ measurement: OutcomeMeasurement) async throws {
        let json = String(decoding: try MessageCoding.encode(measurement), as: UTF8.self)
        try await database.write { database in
            try database.execute(
                "UPDATE outcomes SET record = ? WHERE migration_id = ? AND checkpoint = ?",
                .text(json), .text(measurement.migrationId), .text(measurement.checkpoint))
        }
    }

    /// Measurements taken since `since`.
    public func measurements(since: Date) async throws -> [OutcomeMeasurement] {
        let rows = try await database.read {
            try $0.query("SELECT record FROM outcomes WHERE record IS NOT NULL AND due_at >= ?", [.real(since.timeIntervalSince1970)])
        }
        return try rows.compactMap { row in
            try row.string("record").map { try MessageCoding.decode(OutcomeMeasurement.self, from: Data($0.utf8)) }
        }
    }
}
