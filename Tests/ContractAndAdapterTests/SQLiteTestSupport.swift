import Logging
import SQLite
import TestSupport

/// Pieces shared by the SQLite tests.
enum SQLiteTest {
    static let logger = Logger(label: "SQLiteTests")

    /// The single value of a one-row, one-column query.
    static func scalar(_ database: SQLiteDatabase, _ sql: String, _ parameters: [SQLiteValue] = []) throws -> SQLiteValue? {
        try database.query(sql, parameters).first?[0]
    }
}

/// A fresh database file (`test.sqlite`) in its own temporary directory. Suites hold one per
/// test, so both live exactly as long as the test.
final class SQLiteFixture {
    let directory: TemporaryDirectory
    let database: SQLiteDatabase

    init() throws {
        directory = try TemporaryDirectory(prefix: "pb-sqlite")
        database = try SQLiteDatabase(path: directory.file("test.sqlite"), logger: SQLiteTest.logger)
    }
}
