import Foundation
import Logging
import Shared

/// Scoring's SQLite file (`<data_dir>/scoring.db`) and its schema.
public enum ScoringDatabase {
    /// The file name inside the data directory.
    public static let fileName = "scoring.db"

    /// The schema, one step per store.
    static let migrations = [
        SQLiteMigration(
            version: 1, name: "maintenance",
            sql: "CREATE TABLE maintenance (node TEXT PRIMARY KEY, since REAL NOT NULL)"),
        SQLiteMigration(
            version: 2, name: "settings",
            sql: "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at REAL NOT NULL)"),
        SQLiteMigration(
            version: 3, name: "node samples",
            sql: """
                CREATE TABLE node_samples (
                    node TEXT NOT NULL, at REAL NOT NULL, cpu_pct REAL NOT NULL, memory_pct REAL, iowait_pct REAL,
                    PRIMARY KEY (node, at)) WITHOUT ROWID;
                CREATE INDEX node_samples_at ON node_samples (at);
                """),
        SQLiteMigration(
            version: 4, name: "plans",
            sql: "CREATE TABLE plans (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at REAL NOT NULL)"),
    ]

    /// Opens (creating the directory and file if needed) and migrates the database in `directory`.
    public static func open(directory: String, logger: Logger) throws -> SQLiteDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = try SQLiteDatabase(path: (directory as NSString).appendingPathComponent(fileName), logger: logger)
        try database.migrate(migrations)
        return database
    }
}
