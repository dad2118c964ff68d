import Foundation
import Logging
import SQLite

/// Scoring's SQLite file per cluster (`<data_dir>/scoring-<cluster>.db`) and its schema.
public enum ScoringDatabase {
    /// The file name inside the data directory: `scoring-<cluster>.db`, or `scoring.db`.
    public static func fileName(cluster: String?) -> String {
        cluster.map { "scoring-\($0).db" } ?? "scoring.db"
    }

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
        SQLiteMigration(version: 5, name: "metrics history", sql: MetricsHistorySchema.sql),
        SQLiteMigration(
            version: 6, name: "node samples into the metrics history",
            sql: """
                INSERT OR IGNORE INTO history_nodes (name) SELECT DISTINCT node FROM node_samples;
                INSERT OR IGNORE INTO node_raw (series, ts, cpu, memory, iowait)
                SELECT h.id, CAST(s.at AS INTEGER), CAST(ROUND(s.cpu_pct * 100) AS INTEGER),
                    CAST(ROUND(s.memory_pct * 100) AS INTEGER), CAST(ROUND(s.iowait_pct * 100) AS INTEGER)
                FROM node_samples s JOIN history_nodes h ON h.name = s.node;
                DROP TABLE node_samples;
                """),
        SQLiteMigration(version: 7, name: "outcome history", sql: OutcomeHistorySchema.sql),
    ]

    /// Opens (creating the directory and file if needed) and migrates the database of `cluster`
    /// in `directory`.
    public static func open(directory: String, cluster: String? = nil, logger: Logger) throws -> SQLiteDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(fileName(cluster: cluster))
        let database = try SQLiteDatabase(path: path, logger: logger)
        try database.migrate(migrations)
        return database
    }
}
