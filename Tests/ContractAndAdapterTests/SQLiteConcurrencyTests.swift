import SQLite
import TestSupport
import Testing

@Suite("SQLiteDatabase from many tasks")
struct SQLiteConcurrencyTests {
    let fixture: SQLiteFixture

    init() throws {
        fixture = try SQLiteFixture()
    }

    @Test("Concurrent async writes from many tasks all land", .timeLimit(.minutes(1)))
    func concurrentWrites() async throws {
        let database = fixture.database
        try database.execute("CREATE TABLE sample (task INTEGER, seq INTEGER, PRIMARY KEY (task, seq))")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<50 {
                group.addTask {
                    for seq in 0..<20 {
                        try await database.write { db in
                            try db.execute("INSERT INTO sample VALUES (?, ?)", .integer(Int64(task)), .integer(Int64(seq)))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let count = try await database.read { db in try db.query("SELECT count(*) AS n FROM sample").first?.int("n") }
        #expect(count == 1000)
    }

    @Test("Two connections to one file writing at once never see 'database is locked'", .timeLimit(.minutes(1)))
    func twoConnections() async throws {
        let directory = fixture.directory
        let path = directory.file("shared.sqlite")
        let first = try SQLiteDatabase(path: path, logger: SQLiteTest.logger)
        let second = try SQLiteDatabase(path: path, logger: SQLiteTest.logger)
        try first.execute("CREATE TABLE sample (id INTEGER PRIMARY KEY, writer TEXT)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, database) in [("first", first), ("second", second)] {
                for _ in 0..<10 {
                    group.addTask {
                        for _ in 0..<30 {
                            try await database.write { db in
                                let before = try db.query("SELECT count(*) FROM sample").first?[0]?.intValue ?? 0
                                try db.execute("INSERT INTO sample (writer) VALUES (?)", .text(name))
                                _ = before
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let rows = try await second.read { db in try db.query("SELECT writer, count(*) AS n FROM sample GROUP BY writer ORDER BY writer") }
        #expect(rows.compactMap { $0.int("n") } == [300, 300])
    }

    @Test("A write that throws leaves nothing behind and the queue keeps working", .timeLimit(.minutes(1)))
    func failedWrite() async throws {
        struct Boom: Error {}
        let database = fixture.database
        try database.execute("CREATE TABLE t (x)")
        await #expect(throws: Boom.self) {
            try await database.write { db in
                try db.execute("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        }
        try await database.write { db in try db.execute("INSERT INTO t VALUES (2)") }
        let values = try await database.read { db in try db.query("SELECT x FROM t").compactMap { $0.int("x") } }
        #expect(values == [2])
    }
}
