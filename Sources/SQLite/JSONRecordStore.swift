import Contract
import Foundation

/// Named JSON documents in one SQLite table `(key TEXT PRIMARY KEY, value TEXT, updated_at REAL)`
/// (settings, last plans, ledgers), encoded with the contract's `MessageCoding`.
public struct JSONRecordStore: Sendable {
    private let database: SQLiteDatabase
    private let table: String

    /// A store over `table`, which must have the columns above.
    public init(database: SQLiteDatabase, table: String) {
        self.database = database
        self.table = table
    }

    /// The raw JSON stored under `key`, or `nil`.
    public func data(_ key: String) async throws -> Data? {
        let sql = "SELECT value FROM \(table) WHERE key = ?"
        let rows = try await database.read { try $0.query(sql, [.text(key)]) }
        return rows.first?.string("value").map { Data($0.utf8) }
    }

    /// The value stored under `key` decoded as `T`, or `nil` when there is none.
    /// - Throws: when it cannot be read or decoded.
    public func load<T: Decodable>(_ type: T.Type, _ key: String) async throws -> T? {
        guard let json = try await data(key) else { return nil }
        return try MessageCoding.decode(type, from: json)
    }

    /// Stores `value` under `key`, replacing what was there.
    public func save<T: Encodable>(_ value: T, _ key: String, at: Date) async throws {
        let json = try Self.json(value)
        let table = self.table
        try await database.write { try Self.upsert(json, key, at: at, table: table, in: $0) }
    }

    /// Stores several records in one transaction: `body` gets a writer for this store's table.
    public func saveTogether(at: Date, _ body: @escaping @Sendable (Writer) throws -> Void) async throws {
        let table = self.table
        try await database.write { database in
            try database.transaction { try body(Writer(database: database, table: table, at: at)) }
        }
    }

    /// Writes records inside `saveTogether`.
    public struct Writer {
        let database: SQLiteDatabase
        let table: String
        let at: Date

        /// Stores `value` under `key`.
        public func save<T: Encodable>(_ value: T, _ key: String) throws {
            try JSONRecordStore.upsert(try JSONRecordStore.json(value), key, at: at, table: table, in: database)
        }
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try MessageCoding.encode(value), as: UTF8.self)
    }

    private static func upsert(_ json: String, _ key: String, at: Date, table: String, in database: SQLiteDatabase) throws {
        try database.execute(
            """
            INSERT INTO \(table) (key, value, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """,
            .text(key), .text(json), .real(at.timeIntervalSince1970))
    }
}
