import SQLite
import Testing

@Suite("SQLiteDatabase: write probe")
struct SQLiteWriteProbeTests {
    let fixture: SQLiteFixture

    init() throws {
        fixture = try SQLiteFixture()
    }

    @Test("the probe commits a row of its own, and fails while the database refuses writes", .timeLimit(.minutes(1)))
    func probe() async throws {
        let database = fixture.database
        try await database.probeWrite()
        try await database.probeWrite()
        #expect(try SQLiteTest.scalar(database, "SELECT COUNT(*) FROM write_probe") == .integer(1))

        try database.execute("PRAGMA query_only = ON")
        let error = await #expect(throws: SQLiteError.self) { try await database.probeWrite() }
        #expect(error?.code == .readOnly, "\(String(describing: error))")
        try database.execute("PRAGMA query_only = OFF")
        try await database.probeWrite()
    }
}
