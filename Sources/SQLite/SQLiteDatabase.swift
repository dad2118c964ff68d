import CSQLite
import Foundation
import Logging
import Primitives

/// One SQLite connection to a database file, in WAL mode with foreign keys on.
///
/// `@unchecked Sendable` because every use of the connection handle goes through one recursive
/// lock: a call (or a whole `transaction`) runs alone, and SQLite's message for a failure is read
/// before anyone else can overwrite it. Async code should use `read`/`write`, which run on the
/// database's own serial queue instead of blocking the cooperative pool. The architecture has
/// one writer per database: one `SQLiteDatabase` per file per process.
public final class SQLiteDatabase: @unchecked Sendable {
    /// The `sqlite3*`; only touched while holding `lock`.
    private let connection: OpaquePointer
    private let lock = NSRecursiveLock()
    /// Depth of nested `transaction` calls (savepoints); guarded by `lock`.
    private var transactionDepth = 0
    let queue: BlockingQueue
    let logger: Logger
    public let path: String

    /// Opens (creating if needed) the database at `path` and sets it up: WAL journal (checked),
    /// `synchronous=NORMAL`, a 5 s busy timeout and foreign keys on.
    public init(path: String, logger: Logger) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            var message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                message += " (directory \(directory) does not exist)"
            }
            sqlite3_close_v2(handle)
            throw SQLiteError(extendedCode: SQLiteResultCode(rawValue: code), message: message, operation: "open \(path)")
        }
        connection = handle
        queue = BlockingQueue(label: "ProxBalance.sqlite")
        self.logger = logger
        self.path = path
        try configure()
        logger.debug("opened SQLite database", metadata: ["db.path": "\(path)"])
    }

    deinit {
        sqlite3_close_v2(connection)
    }

    private func configure() throws {
        // First: switching to WAL takes a lock, which another connection may hold for a moment.
        sqlite3_busy_timeout(connection, 5000)
        do {
            let mode = try query("PRAGMA journal_mode = WAL").first?[0]?.stringValue
            guard mode?.lowercased() == "wal" else {
                throw SQLiteError(
                    extendedCode: .error, message: "journal_mode is '\(mode ?? "none")', expected 'wal'",
                    operation: "enable WAL on \(path)")
            }
            try execute("PRAGMA synchronous = NORMAL")
            try execute("PRAGMA foreign_keys = ON")
        } catch var error as SQLiteError {
            if !error.operation.hasSuffix(path) { error.operation += " while opening \(path)" }
            throw error
        }
    }

    /// Runs `body` with the connection, alone. Re-entrant, so `transaction` bodies can call back in.
    func withConnection<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    /// The error for a failed call with result `code`; call it right after the failure, under the lock.
    func error(_ code: Int32, operation: String, sql: String?) -> SQLiteError {
        SQLiteError(
            extendedCode: SQLiteResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
            operation: operation, sql: sql)
    }

    /// The rowid of the latest successful INSERT on this connection. Read it in the same
    /// `write`/`transaction` as the INSERT.
    public var lastInsertRowID: Int64 {
        withConnection { sqlite3_last_insert_rowid($0) }
    }

    /// Rows changed by the latest INSERT/UPDATE/DELETE on this connection.
    public var changes: Int {
        withConnection { Int(sqlite3_changes($0)) }
    }

    /// Compiles one statement for repeated use.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        try prepare(sql, operation: "prepare")
    }

    private func prepare(_ sql: String, operation: String) throws -> SQLiteStatement {
        try withConnection { connection in
            var handle: OpaquePointer?
            let code = sqlite3_prepare_v2(connection, sql, -1, &handle, nil)
            guard code == SQLITE_OK else { throw error(code, operation: operation, sql: sql) }
            guard let handle else {
                throw SQLiteError(extendedCode: .misuse, message: "no SQL statement found", operation: operation, sql: sql)
            }
            return SQLiteStatement(database: self, handle: handle)
        }
    }

    /// Runs SQL that returns no rows (rows are discarded). Without parameters, `sql` may hold
    /// several statements separated by `;` (a schema, say); with parameters, exactly one.
    public func execute(_ sql: String, _ parameters: SQLiteValue...) throws {
        try execute(sql, parameters)
    }

    /// `execute` with the parameters as an array.
    public func execute(_ sql: String, _ parameters: [SQLiteValue]) throws {
        try withConnection { connection in
            try sql.withCString { start in
                var cursor = start
                while true {
                    var handle: OpaquePointer?
                    var tail: UnsafePointer<CChar>?
                    let code = sqlite3_prepare_v2(connection, cursor, -1, &handle, &tail)
                    guard code == SQLITE_OK else { throw error(code, operation: "execute", sql: sql) }
                    guard let handle else { return }  // only whitespace or comments left
                    let statement = SQLiteStatement(database: self, handle: handle)
                    if !parameters.isEmpty {
                        let rest = tail.map { String(cString: $0) } ?? ""
                        guard rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
                            throw SQLiteError(
                                extendedCode: .misuse, message: "parameters can only be bound to a single statement",
                                operation: "execute", sql: sql)
                        }
                    }
                    try statement.run(parameters, operation: "execute") { _ in }
                    guard let tail else { return }
                    cursor = tail
                }
            }
        }
    }

    /// Runs one statement and returns all its rows.
    public func query(_ sql: String, _ parameters: [SQLiteValue] = []) throws -> [SQLiteRow] {
        var rows: [SQLiteRow] = []
        try prepare(sql, operation: "query").run(parameters, operation: "query") { rows.append($0) }
        return rows
    }

    /// Runs `body` in a transaction: `BEGIN IMMEDIATE` (so the write lock is taken up front and
    /// waits on the busy timeout instead of failing later), `COMMIT` when it returns, `ROLLBACK`
    /// when it throws. Nested calls become savepoints.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try withConnection { connection in
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            let savepoint = transactionDepth > 1 ? "pb_savepoint_\(transactionDepth)" : nil
            try execute(savepoint.map { "SAVEPOINT \($0)" } ?? "BEGIN IMMEDIATE")
            do {
                let result = try body()
                try execute(savepoint.map { "RELEASE \($0)" } ?? "COMMIT")
                return result
            } catch {
                // SQLite may already have rolled back by itself (after SQLITE_FULL, say).
                if sqlite3_get_autocommit(connection) == 0 {
                    try? execute(savepoint.map { "ROLLBACK TO \($0); RELEASE \($0)" } ?? "ROLLBACK")
                }
                throw error
            }
        }
    }
}
