import Logging
import Shared
import TestSupport

/// Pieces shared by the SQLite tests.
enum SQLiteTest {
    static let logger = Logger(label: "SQLiteTests")

    /// Runs `body` with a fresh database file in its own temporary directory, removed afterwards.
    static func withDatabase<T>(
        _ name: String = "test.sqlite", _ body: (SQLiteDatabase, TemporaryDirectory) throws -> T
    ) throws -> T {
        try withTemporaryDirectory(prefix: "pb-sqlite") { directory in
            try body(try SQLiteDatabase(path: directory.file(name), logger: logger), directory)
        }
    }

    /// The async form of `withDatabase`.
    static func withDatabase<T>(
        _ name: String = "test.sqlite", _ body: (SQLiteDatabase, TemporaryDirectory) async throws -> T
    ) async throws -> T {
        try await withTemporaryDirectory(prefix: "pb-sqlite") { directory in
            try await body(try SQLiteDatabase(path: directory.file(name), logger: logger), directory)
        }
    }

    /// The single value of a one-row, one-column query.
    static func scalar(_ database: SQLiteDatabase, _ sql: String, _ parameters: [SQLiteValue] = []) throws -> SQLiteValue? {
        try database.query(sql, parameters).first?[0]
    }
}
