import Logging

/// One schema step. Versions are applied once each, in ascending order, each in its own
/// transaction; the SQL must not contain BEGIN/COMMIT itself.
public struct SQLiteMigration: Sendable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

extension SQLiteDatabase {
    /// Brings the schema up to date: applies, in version order, every migration not yet
    /// recorded in `schema_migrations` (version, name, applied_at). Running it again is a no-op.
    /// A failing migration is rolled back and reported as the operation "migration <v> (<name>)";
    /// the ones before it stay applied.
    public func migrate(_ migrations: [SQLiteMigration]) throws {
        let ordered = migrations.sorted { $0.version < $1.version }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where previous.version == next.version {
            throw SQLiteError(
                extendedCode: .misuse, message: "two migrations have version \(next.version)", operation: "migrate")
        }
        if let first = ordered.first, first.version < 1 {
            throw SQLiteError(
                extendedCode: .misuse, message: "migration versions start at 1, got \(first.version)", operation: "migrate")
        }
        try execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
            """)
        for migration in ordered {
            let applied = try transaction { () throws -> Bool in
                // Checked inside the write transaction, so two processes never both apply it.
                let done = try query("SELECT 1 FROM schema_migrations WHERE version = ?", [.integer(Int64(migration.version))])
                guard done.isEmpty else { return false }
                do {
                    try execute(migration.sql)
                } catch var error as SQLiteError {
                    error.operation = "migration \(migration.version) (\(migration.name))"
                    throw error
                }
                try execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    .integer(Int64(migration.version)), .text(migration.name))
                return true
            }
            if applied {
                logger.info(
                    "applied database migration",
                    metadata: ["db.path": "\(path)", "db.migration": "\(migration.version) \(migration.name)"])
            }
        }
    }
}
