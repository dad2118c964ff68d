import CSQLite

/// A compiled statement, reusable: bind, step, reset, again. Not `Sendable`: use it where it was
/// prepared (typically inside one `write`/`transaction`). A statement stepped only part way
/// holds a read snapshot until `reset` (or the next `bind`/`execute`/`query`).
public final class SQLiteStatement {
    let database: SQLiteDatabase
    /// The `sqlite3_stmt*`; finalized in deinit.
    let handle: OpaquePointer
    /// The SQL text of this statement.
    public let sql: String
    /// Names of the result columns (empty for statements that return no rows).
    public let columnNames: [String]

    init(database: SQLiteDatabase, handle: OpaquePointer) {
        self.database = database
        self.handle = handle
        sql = sqlite3_sql(handle).map { String(cString: $0) } ?? ""
        columnNames = (0..<sqlite3_column_count(handle)).map { index in
            sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
        }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Resets the statement and binds `values` to its parameters `?1…?n`, in order.
    /// The count must match the statement's parameters.
    public func bind(_ values: [SQLiteValue]) throws {
        try database.withConnection { _ in
            reset()
            let expected = Int(sqlite3_bind_parameter_count(handle))
            guard values.count == expected else {
                throw SQLiteError(
                    extendedCode: .range, message: "statement takes \(expected) parameters, got \(values.count)",
                    operation: "bind", sql: sql)
            }
            for (offset, value) in values.enumerated() {
                let code = bind(value, at: Int32(offset + 1))
                guard code == SQLITE_OK else { throw database.error(code, operation: "bind", sql: sql) }
            }
        }
    }

    /// `bind` with the values as arguments.
    public func bind(_ values: SQLiteValue...) throws {
        try bind(values)
    }

    /// Runs the statement to its next row; nil when it is done.
    public func step() throws -> SQLiteRow? {
        try step(operation: "step")
    }

    private func step(operation: String) throws -> SQLiteRow? {
        try database.withConnection { _ in
            switch sqlite3_step(handle) {
            case SQLITE_ROW:
                return SQLiteRow(columns: columnNames, values: (0..<Int32(columnNames.count)).map(column))
            case SQLITE_DONE:
                return nil
            case let code:
                let error = database.error(code, operation: operation, sql: sql)
                sqlite3_reset(handle)
                throw error
            }
        }
    }

    /// Rewinds the statement and clears its bindings, releasing any read snapshot it holds.
    public func reset() {
        database.withConnection { _ in
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
    }

    /// Binds `values`, runs the statement to completion (discarding rows) and resets it.
    public func execute(_ values: SQLiteValue...) throws {
        try execute(values)
    }

    /// `execute` with the values as an array.
    public func execute(_ values: [SQLiteValue]) throws {
        try run(values, operation: "execute") { _ in }
    }

    /// Binds `values`, runs the statement and returns all its rows.
    public func query(_ values: [SQLiteValue] = []) throws -> [SQLiteRow] {
        var rows: [SQLiteRow] = []
        try run(values, operation: "query") { rows.append($0) }
        return rows
    }

    /// Binds `values`, steps to the end handing each row to `consume`, then resets. Errors name `operation`.
    func run(_ values: [SQLiteValue], operation: String, _ consume: (SQLiteRow) -> Void) throws {
        try database.withConnection { _ in
            try bind(values)
            defer { reset() }
            while let row = try step(operation: operation) {
                consume(row)
            }
        }
    }

    private func bind(_ value: SQLiteValue, at index: Int32) -> Int32 {
        switch value {
        case .integer(let number):
            return sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            return sqlite3_bind_double(handle, index, number)
        case .text(let text):
            // withCString always yields a valid pointer (a nil one would bind NULL for "").
            return text.withCString { pointer in
                sqlite3_bind_text64(
                    handle, index, pointer, sqlite3_uint64(text.utf8.count), csqlite_transient(), UInt8(SQLITE_UTF8))
            }
        case .blob(let bytes):
            guard !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
            return bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(handle, index, buffer.baseAddress, sqlite3_uint64(buffer.count), csqlite_transient())
            }
        case .null:
            return sqlite3_bind_null(handle, index)
        }
    }

    private func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            let text = sqlite3_column_text(handle, index)
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(text.map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) } ?? "")
        case SQLITE_BLOB:
            let bytes = sqlite3_column_blob(handle, index)
            let count = Int(sqlite3_column_bytes(handle, index))
            return .blob(bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? [])
        default:
            return .null
        }
    }
}
