import SQLite
import Testing

@Suite("SQLiteDatabase.transaction")
struct SQLiteTransactionTests {
    let fixture: SQLiteFixture

    init() throws {
        fixture = try SQLiteFixture()
    }

    struct Boom: Error {}

    @Test("A thrown error rolls everything back: no rows remain")
    func rollbackOnError() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE t (x INTEGER)")
        #expect(throws: Boom.self) {
            try database.transaction { () throws -> Void in
                for value in 0..<10 { try database.execute("INSERT INTO t VALUES (?)", .integer(Int64(value))) }
                throw Boom()
            }
        }
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM t") == .integer(0))
        // And the connection is out of the transaction: a new one can start.
        try database.transaction { try database.execute("INSERT INTO t VALUES (1)") }
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM t") == .integer(1))
    }

    @Test("A body that returns commits and hands back its value")
    func commit() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE t (x INTEGER)")
        let inserted = try database.transaction { () throws -> Int in
            try database.execute("INSERT INTO t VALUES (1), (2)")
            return database.changes
        }
        #expect(inserted == 2)
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM t") == .integer(2))
    }

    @Test("A failed inner transaction rolls back only its own changes")
    func nested() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE t (x INTEGER)")
        try database.transaction {
            try database.execute("INSERT INTO t VALUES (1)")
            #expect(throws: Boom.self) {
                try database.transaction {
                    try database.execute("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
            }
            try database.execute("INSERT INTO t VALUES (3)")
        }
        #expect(try database.query("SELECT x FROM t ORDER BY x").compactMap { $0.int("x") } == [1, 3])
    }

    @Test("A constraint failure inside a transaction rolls back the earlier inserts")
    func constraintRollsBack() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        let error = try #require(throws: SQLiteError.self) {
            try database.transaction {
                try database.execute("INSERT INTO t VALUES (1)")
                try database.execute("INSERT INTO t VALUES (1)")
            }
        }
        #expect(error.extendedCode == .constraintUnique)
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM t") == .integer(0))
    }
}
