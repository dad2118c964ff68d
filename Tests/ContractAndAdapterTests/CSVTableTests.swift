import Contract
import Testing

/// Every export's CSV: RFC 4180 quoting, and no cell a spreadsheet would run as a formula.
@Suite("CSV exports")
struct CSVTableTests {
    @Test("fields with commas, quotes or line breaks are quoted, quotes doubled")
    func quoting() {
        #expect(CSVTable.render(header: ["a", "b"], rows: [["x,y", "say \"hi\""]]) == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n")
    }

    @Test("a name that would be a formula is written as text; numbers stay numbers")
    func formulas() {
        #expect(CSVTable.field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(CSVTable.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVTable.field("+cmd") == "'+cmd")
        #expect(CSVTable.field("-12.5") == "-12.5")
        #expect(CSVTable.field("web-1") == "web-1")
    }
}
