import Foundation
import SQLite
import TestSupport
import Testing

@Suite("SQLiteDatabase: opening, settings and errors")
struct SQLiteDatabaseTests {
    let fixture: SQLiteFixture

    init() throws {
        fixture = try SQLiteFixture()
    }

    @Test("The database is in WAL mode and the -wal file appears on write")
    func walMode() throws {
        let (database, directory) = (fixture.database, fixture.directory)
        #expect(try SQLiteTest.scalar(database, "PRAGMA journal_mode") == .text("wal"))
        try database.execute("CREATE TABLE t (x INTEGER)")
        try database.execute("INSERT INTO t VALUES (1)")
        #expect(FileManager.default.fileExists(atPath: directory.file("test.sqlite-wal")))
    }

    @Test("synchronous=NORMAL, busy timeout 5000 ms and foreign keys are on")
    func settings() throws {
        let database = fixture.database
        #expect(try SQLiteTest.scalar(database, "PRAGMA synchronous") == .integer(1))
        #expect(try SQLiteTest.scalar(database, "PRAGMA busy_timeout") == .integer(5000))
        #expect(try SQLiteTest.scalar(database, "PRAGMA foreign_keys") == .integer(1))
    }

    @Test("Data written by one connection is read by a new one after reopening")
    func persistence() throws {
        let directory = fixture.directory
        let path = directory.file("persist.sqlite")
        do {
            let database = try SQLiteDatabase(path: path, logger: SQLiteTest.logger)
            try database.execute("CREATE TABLE t (name TEXT)")
            try database.execute("INSERT INTO t VALUES (?)", "pve1")
        }
        let reopened = try SQLiteDatabase(path: path, logger: SQLiteTest.logger)
        #expect(try SQLiteTest.scalar(reopened, "SELECT name FROM t") == .text("pve1"))
    }

    @Test("Opening a path in a missing directory throws a clear error")
    func missingDirectory() throws {
        let directory = fixture.directory
        let path = directory.file("no/such/dir/db.sqlite")
        let error = try #require(throws: SQLiteError.self) { try SQLiteDatabase(path: path, logger: SQLiteTest.logger) }
        #expect(error.code == .cantOpen)
        #expect(error.operation == "open \(path)")
        #expect(error.description.contains("does not exist"))
    }

    @Test("A file that is not a database throws notADatabase naming the file")
    func notADatabase() throws {
        let directory = fixture.directory
        let path = directory.file("garbage.sqlite")
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: SQLiteError.self) { try SQLiteDatabase(path: path, logger: SQLiteTest.logger) }
        #expect(error.code == .notADatabase)
        #expect(error.operation.contains(path))
    }

    @Test("A full database (SQLITE_FULL) throws an error naming the operation, and stays usable")
    func diskFull() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE big (data BLOB)")
        let pages = try #require(try SQLiteTest.scalar(database, "PRAGMA page_count")?.intValue)
        _ = try database.query("PRAGMA max_page_count = \(pages + 3)")
        let chunk = SQLiteValue.blob([UInt8](repeating: 7, count: 64 * 1024))
        let error = try #require(throws: SQLiteError.self) {
            for _ in 0..<10 { try database.execute("INSERT INTO big VALUES (?)", chunk) }
        }
        #expect(error.code == .full)
        #expect(error.operation == "execute")
        #expect(error.sql == "INSERT INTO big VALUES (?)")
        #expect(error.description.contains("full"))
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM big") == .integer(0))
    }

    @Test("Writing to a read-only connection throws readOnly naming the operation")
    func readOnly() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE t (x)")
        try database.execute("PRAGMA query_only = ON")
        let error = try #require(throws: SQLiteError.self) { try database.execute("INSERT INTO t VALUES (1)") }
        #expect(error.code == .readOnly)
        #expect(error.operation == "execute")
    }

    @Test("A unique constraint violation reports the constraint codes")
    func uniqueViolation() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE node (name TEXT UNIQUE)")
        try database.execute("INSERT INTO node VALUES (?)", "pve1")
        let error = try #require(throws: SQLiteError.self) { try database.execute("INSERT INTO node VALUES (?)", "pve1") }
        #expect(error.code == .constraint)
        #expect(error.extendedCode == .constraintUnique)
        #expect(error.message.contains("UNIQUE constraint failed: node.name"))
    }

    @Test("Foreign keys are enforced")
    func foreignKeyViolation() throws {
        let database = fixture.database
        try database.execute(
            """
            CREATE TABLE node (id INTEGER PRIMARY KEY);
            CREATE TABLE guest (vmid INTEGER PRIMARY KEY, node INTEGER NOT NULL REFERENCES node(id));
            """)
        let error = try #require(throws: SQLiteError.self) { try database.execute("INSERT INTO guest VALUES (100, 42)") }
        #expect(error.extendedCode == .constraintForeignKey)
    }

    @Test("Bad SQL reports the SQL and SQLite's message")
    func syntaxError() throws {
        let database = fixture.database
        let error = try #require(throws: SQLiteError.self) { try database.query("SELEKT 1") }
        #expect(error.code == .error)
        #expect(error.operation == "query")
        #expect(error.sql == "SELEKT 1")
        #expect(error.message.contains("syntax error"))
    }

    @Test("A wrong number of parameters is refused")
    func parameterCount() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE t (a, b)")
        let error = try #require(throws: SQLiteError.self) { try database.execute("INSERT INTO t VALUES (?, ?)", 1) }
        #expect(error.code == .range)
        #expect(error.message.contains("takes 2 parameters, got 1"))
    }

    @Test("Parameters with several statements are refused before anything runs")
    func parametersWithSeveralStatements() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE t (a)")
        #expect(throws: SQLiteError.self) {
            try database.execute("INSERT INTO t VALUES (?); INSERT INTO t VALUES (2)", 1)
        }
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM t") == .integer(0))
    }

    @Test("lastInsertRowID and changes report the latest statement")
    func rowIDAndChanges() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)")
        try database.execute("INSERT INTO t (v) VALUES (1), (2), (3)")
        #expect(database.lastInsertRowID == 3)
        #expect(database.changes == 3)
        try database.execute("UPDATE t SET v = v + 1 WHERE v >= ?", 2)
        #expect(database.changes == 2)
    }
}
