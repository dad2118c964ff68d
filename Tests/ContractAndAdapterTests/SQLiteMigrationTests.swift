import SQLite
import TestSupport
import Testing

@Suite("SQLiteDatabase.migrate")
struct SQLiteMigrationTests {
    let fixture: SQLiteFixture

    init() throws {
        fixture = try SQLiteFixture()
    }

    static let first = SQLiteMigration(
        version: 1, name: "create nodes", sql: "CREATE TABLE node (name TEXT PRIMARY KEY); INSERT INTO node VALUES ('pve1');")
    static let second = SQLiteMigration(
        version: 2, name: "create guests",
        sql: "CREATE TABLE guest (vmid INTEGER PRIMARY KEY, node TEXT REFERENCES node(name)); INSERT INTO guest VALUES (100, 'pve1');")
    static let third = SQLiteMigration(version: 3, name: "index guests", sql: "CREATE INDEX guest_node ON guest(node)")

    private func applied(_ database: SQLiteDatabase) throws -> [SQLiteRow] {
        try database.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
    }

    @Test("Migrations apply once each, in version order, and are recorded")
    func applyInOrder() throws {
        let database = fixture.database
        try database.migrate([Self.second, Self.first])  // out of order on purpose: 2 needs 1's table
        let rows = try applied(database)
        #expect(rows.compactMap { $0.int("version") } == [1, 2])
        #expect(rows.compactMap { $0.string("name") } == ["create nodes", "create guests"])
        #expect(rows.allSatisfy { ($0.string("applied_at") ?? "").hasSuffix("Z") })
        #expect(try SQLiteTest.scalar(database, "SELECT node FROM guest WHERE vmid = 100") == .text("pve1"))
    }

    @Test("Running the same migrations again changes nothing")
    func secondRunIsNoOp() throws {
        let database = fixture.database
        try database.migrate([Self.first, Self.second])
        let before = try applied(database)
        try database.migrate([Self.first, Self.second])
        #expect(try applied(database) == before)
        // The INSERTs in the migrations did not run twice.
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM node") == .integer(1))
    }

    @Test("A new migration added later is the only one applied, also after reopening")
    func incremental() throws {
        let database = fixture.database
        try database.migrate([Self.first, Self.second])
        let reopened = try SQLiteDatabase(path: database.path, logger: SQLiteTest.logger)
        try reopened.migrate([Self.first, Self.second, Self.third])
        #expect(try applied(reopened).compactMap { $0.int("version") } == [1, 2, 3])
        #expect(try SQLiteTest.scalar(reopened, "SELECT count(*) FROM guest") == .integer(1))
        #expect(try SQLiteTest.scalar(reopened, "SELECT count(*) FROM sqlite_master WHERE name = 'guest_node'") == .integer(1))
    }

    @Test("A failing migration is rolled back, reports its version, and keeps the earlier ones")
    func failingMigration() throws {
        let database = fixture.database
        let broken = SQLiteMigration(
            version: 2, name: "half broken", sql: "CREATE TABLE partial (x); INSERT INTO missing_table VALUES (1);")
        let error = try #require(throws: SQLiteError.self) { try database.migrate([Self.first, broken, Self.third]) }
        #expect(error.operation == "migration 2 (half broken)")
        #expect(error.message.contains("no such table: missing_table"))
        #expect(try applied(database).compactMap { $0.int("version") } == [1])
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM sqlite_master WHERE name = 'partial'") == .integer(0))

        // Fixed, it applies on the next run.
        let fixed = SQLiteMigration(version: 2, name: "fixed", sql: "CREATE TABLE partial (x)")
        try database.migrate([Self.first, fixed])
        #expect(try applied(database).compactMap { $0.int("version") } == [1, 2])
    }

    @Test("Duplicate or non-positive versions are refused before anything runs")
    func invalidVersions() throws {
        let database = fixture.database
        #expect(throws: SQLiteError.self) { try database.migrate([Self.first, Self.first]) }
        #expect(throws: SQLiteError.self) {
            try database.migrate([SQLiteMigration(version: 0, name: "zero", sql: "CREATE TABLE z (x)")])
        }
        #expect(try SQLiteTest.scalar(database, "SELECT count(*) FROM sqlite_master WHERE name IN ('node', 'z')") == .integer(0))
    }
}
