import Foundation

extension SQLiteDatabase {
    /// Proves that the database takes writes now (a readiness check): commits the time into the
    /// one row of its own `write_probe` table. Throws what a real write would throw — a
    /// read-only file or file system, a full disk, a lock held past the busy timeout.
    public func probeWrite() async throws {
        let now = Date().timeIntervalSince1970
        try await write { database in
            try database.execute("CREATE TABLE IF NOT EXISTS write_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at REAL NOT NULL)")
            try database.execute(
                "INSERT INTO write_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at", .real(now))
        }
    }
}
