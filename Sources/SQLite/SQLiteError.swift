/// A failed SQLite call: the codes, SQLite's message, what we were doing and the SQL involved.
/// Parameters are bound, never spliced into SQL, so `sql` carries no values.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The primary result code (`.constraint`, `.full`, `.notADatabase`, …).
    public var code: SQLiteResultCode { extendedCode.primary }
    /// The extended result code (`.constraintUnique`, …); equals `code` when there is none.
    public var extendedCode: SQLiteResultCode
    /// SQLite's message (`sqlite3_errmsg`), or ours for misuse caught before calling SQLite.
    public var message: String
    /// The operation that failed: "open /path/db.sqlite", "execute", "commit", "migration 2 (add index)".
    public var operation: String
    public var sql: String?

    public init(extendedCode: SQLiteResultCode, message: String, operation: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.operation = operation
        self.sql = sql
    }

    public var description: String {
        var text = "SQLite \(operation) failed: \(message) (code \(code.rawValue)"
        if extendedCode != code { text += ", extended \(extendedCode.rawValue)" }
        text += ")"
        if let sql {
            text += " in SQL: " + (sql.count > 200 ? sql.prefix(200) + "…" : sql)
        }
        return text
    }
}
