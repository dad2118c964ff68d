import SQLite
import Testing

@Suite("SQLiteStatement: prepared statements reused")
struct SQLiteStatementTests {
    let fixture: SQLiteFixture

    init() throws {
        fixture = try SQLiteFixture()
    }

    @Test("One prepared INSERT runs many times with new values")
    func reuseInsert() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE metric (node TEXT, cpu REAL)")
        let insert = try database.prepare("INSERT INTO metric VALUES (?, ?)")
        try database.transaction {
            for index in 0..<500 {
                try insert.execute(.text("pve\(index % 5)"), .real(Double(index) / 1000))
            }
        }
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM metric") == .integer(500))
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM metric WHERE node = 'pve3'") == .integer(100))
    }

    @Test("One prepared SELECT answers each binding with its own rows")
    func reuseSelect() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE guest (vmid INTEGER, node TEXT)")
        try database.execute("INSERT INTO guest VALUES (100, 'pve1'), (101, 'pve1'), (200, 'pve2')")
        let select = try database.prepare("SELECT vmid FROM guest WHERE node = ? ORDER BY vmid")
        #expect(select.columnNames == ["vmid"])
        #expect(try select.query(["pve1"]).compactMap { $0.int("vmid") } == [100, 101])
        #expect(try select.query(["pve2"]).compactMap { $0.int("vmid") } == [200])
        #expect(try select.query(["pve9"]).isEmpty)
    }

    @Test("bind, step and reset walk the rows by hand and start over")
    func manualStepping() throws {
        let database = fixture.database
        let count = try database.prepare("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?) SELECT x FROM n")
        try count.bind(3)
        #expect(try count.step()?.int("x") == 1)
        #expect(try count.step()?.int("x") == 2)
        count.reset()
        try count.bind(2)
        #expect(try count.step()?.int("x") == 1)
        #expect(try count.step()?.int("x") == 2)
        #expect(try count.step() == nil)
    }

    @Test("A failing step leaves the statement reusable")
    func reusableAfterError() throws {
        let database = fixture.database
        try database.execute("CREATE TABLE t (name TEXT UNIQUE)")
        let insert = try database.prepare("INSERT INTO t VALUES (?)")
        try insert.execute("a")
        #expect(throws: SQLiteError.self) { try insert.execute("a") }
        try insert.execute("b")
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM t") == .integer(2))
    }

    @Test("Preparing bad SQL throws with the SQL")
    func prepareError() throws {
        let database = fixture.database
        let error = try #require(throws: SQLiteError.self) { try database.prepare("SELECT * FROM missing_table") }
        #expect(error.operation == "prepare")
        #expect(error.message.contains("no such table"))
    }
}
