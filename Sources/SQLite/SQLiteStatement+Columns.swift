import CSQLite

/// The row a statement is stepped to, read in place: numbers come straight from SQLite, with
/// no per-row array or name lookup. Only valid inside the `forEachRow` body that hands it out.
public struct SQLiteColumns {
    let handle: OpaquePointer

    /// Column `index` (0-based) as an integer; nil when NULL.
    public func int64(_ index: Int32) -> Int64? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
    }

    /// Column `index` (0-based) as a Double (integers convert); nil when NULL.
    public func double(_ index: Int32) -> Double? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_double(handle, index)
    }
}

extension SQLiteStatement {
    /// Binds `values`, steps to the end handing each row to `body` in place, then resets: for
    /// reading many rows of numbers without building a `SQLiteRow` for each.
    public func forEachRow(_ values: [SQLiteValue] = [], _ body: (SQLiteColumns) throws -> Void) throws {
        try database.withConnection { _ in
            try bind(values)
            defer { reset() }
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { return }
                guard code == SQLITE_ROW else { throw database.error(code, operation: "step", sql: sql) }
                try body(SQLiteColumns(handle: handle))
            }
        }
    }
}
