import SQLite
import Testing

@Suite("SQLiteValue round trips and SQLiteRow access")
struct SQLiteValueTests {
    let fixture: SQLiteFixture

    init() throws {
        fixture = try SQLiteFixture()
    }

    @Test(
        "Every value type comes back exactly as stored",
        arguments: [
            SQLiteValue.integer(0), .integer(Int64.max), .integer(Int64.min), .integer(-42),
            .real(3.141592653589793), .real(-1e300), .real(0.1),
            .text(""), .text("pve1"), .text("Zürich — 日本語 🚀 ünïcødé"), .text("nul\u{0}inside"),
            .blob([]), .blob(Array(0...255)), .blob([0, 0, 0]),
            .null,
        ])
    func roundTrip(value: SQLiteValue) throws {
        let database = fixture.database
        try database.execute("CREATE TABLE t (v)")  // no declared type: values keep their own
        try database.execute("INSERT INTO t VALUES (?)", value)
        let row = try #require(try database.query("SELECT v, typeof(v) AS type FROM t").first)
        #expect(row["v"] == value)
        #expect(row[0] == value)
        let expectedType =
            switch value {
            case .integer: "integer"
            case .real: "real"
            case .text: "text"
            case .blob: "blob"
            case .null: "null"
            }
        #expect(row.string("type") == expectedType)
    }

    @Test("Literals make the expected values")
    func literals() {
        let values: [SQLiteValue] = [42, 2.5, "text", true, false]
        #expect(values == [.integer(42), .real(2.5), .text("text"), .integer(1), .integer(0)])
    }

    @Test("Typed accessors convert where lossless and return nil otherwise")
    func accessors() throws {
        let database = fixture.database
        let row = try #require(
            try database.query("SELECT 7 AS i, 2.5 AS r, 4.0 AS whole, 'x' AS s, x'0102' AS b, NULL AS n").first)
        #expect(row.columns == ["i", "r", "whole", "s", "b", "n"])
        #expect(row.int("i") == 7)
        #expect(row.double("i") == 7)
        #expect(row.double("r") == 2.5)
        #expect(row.int("r") == nil)
        #expect(row.int("whole") == 4)
        #expect(row.string("s") == "x")
        #expect(row.int("s") == nil)
        #expect(row.blob("b") == [1, 2])
        #expect(row["n"] == .null)
        #expect(row["n"]?.isNull == true)
        #expect(row.int("n") == nil)
        #expect(row["missing"] == nil)
        #expect(row[99] == nil)
        #expect(row[-1] == nil)
    }
}
