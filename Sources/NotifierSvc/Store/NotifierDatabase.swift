import Foundation
import Logging
import SQLite

/// The notifier's SQLite file (`<data_dir>/notifier.db`): the outbox, the settings and the last
/// availability state of each service.
public enum NotifierDatabase {
    static let migrations = [
        SQLiteMigration(
            version: 1, name: "outbox, settings, availability",
            sql: """
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id TEXT NOT NULL,
                    destination_id TEXT NOT NULL,
                    event TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    last_error TEXT,
                    finished_at REAL,
                    UNIQUE (event_id, destination_id));
                CREATE INDEX outbox_due ON outbox (destination_id, status, next_attempt_at);
                CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at REAL NOT NULL);
                CREATE TABLE availability (topic TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at REAL NOT NULL);
                """)
    ]

    /// Opens (creating) `notifier.db` in `directory` and brings its schema up to date.
    public static func open(directory: String, logger: Logger) throws -> SQLiteDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try open(path: (directory as NSString).appendingPathComponent("notifier.db"), logger: logger)
    }

    /// Opens the database at `path` and brings its schema up to date.
    public static func open(path: String, logger: Logger) throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: path, logger: logger)
        try database.migrate(migrations)
        return database
    }
}
