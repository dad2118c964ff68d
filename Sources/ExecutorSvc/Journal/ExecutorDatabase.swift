import Foundation
public import Logging
public import SQLite

/// The executor's SQLite file (`<data_dir>/executor-<cluster>.db`) and its schema.
public enum ExecutorDatabase {
    /// The file name inside the data directory.
    public static func fileName(cluster: String) -> String { "executor-\(cluster).db" }

    static let migrations = [
        SQLiteMigration(
            version: 1, name: "migrations",
            sql: """
                CREATE TABLE migrations (
                    id TEXT PRIMARY KEY, vmid INTEGER NOT NULL, state TEXT NOT NULL, origin TEXT NOT NULL,
                    created_at REAL NOT NULL, finished_at REAL, record TEXT NOT NULL);
                CREATE INDEX migrations_vmid ON migrations (vmid, created_at);
                CREATE INDEX migrations_state ON migrations (state);
                CREATE INDEX migrations_created ON migrations (created_at);
                """),
        SQLiteMigration(
            version: 2, name: "commands",
            sql: """
                CREATE TABLE commands (
                    op TEXT NOT NULL, id TEXT NOT NULL, reply TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (op, id))
                """),
        SQLiteMigration(
            version: 3, name: "records",
            sql: "CREATE TABLE records (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at REAL NOT NULL)"),
        SQLiteMigration(
            version: 4, name: "outcomes",
            sql: """
                CREATE TABLE outcomes (
                    migration_id TEXT NOT NULL, checkpoint TEXT NOT NULL, due_at REAL NOT NULL, record TEXT,
                    PRIMARY KEY (migration_id, checkpoint));
                CREATE INDEX outcomes_due ON outcomes (due_at) WHERE record IS NULL;
                """),
        SQLiteMigration(
            version: 5, name: "task_fences",
            sql: "CREATE TABLE task_fences (migration_id TEXT PRIMARY KEY, node TEXT NOT NULL, known TEXT NOT NULL)"),
        SQLiteMigration(
            version: 6, name: "retained",
            sql: "ALTER TABLE migrations ADD COLUMN retained INTEGER NOT NULL DEFAULT 1"),
        // Who the command that caused a migration was sent for (`requested_by`); NULL before.
        SQLiteMigration(
            version: 7, name: "requested_by",
            sql: "ALTER TABLE migrations ADD COLUMN requested_by TEXT"),
        SQLiteMigration(
            version: 8, name: "outside_moves",
            sql: """
                CREATE TABLE outside_moves (
                    vmid INTEGER NOT NULL, from_node TEXT NOT NULL, to_node TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (vmid, at));
                CREATE INDEX outside_moves_at ON outside_moves (at);
                """),
    ]

    /// Opens (creating the directory and file if needed) and migrates the database of `cluster`.
    public static func open(directory: String, cluster: String, logger: Logger) throws -> SQLiteDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(fileName(cluster: cluster))
        let database = try SQLiteDatabase(path: path, logger: logger)
        try database.migrate(migrations)
        return database
    }
}
