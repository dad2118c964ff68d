import Foundation
public import SQLite

/// The answer given to each command `id`, so a redelivered command is answered the same way
/// and does nothing else (table `commands`, keyed by operation and id).
public struct CommandLedger: Sendable {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// The answer already given to `id` for `op`, or `nil` when it is new.
    public func answer(op: String, id: String) async throws -> [UInt8]? {
        let rows = try await database.read { try $0.query("SELECT reply FROM commands WHERE op = ? AND id = ?", [.text(op), .text(id)]) }
        return rows.first?.string("reply").map { Array($0.utf8) }
    }

    /// Records the answer to a command; the first answer stays if one exists.
    public func record(_ answer: Answer) async throws {
        try await database.write { try Self.insert(answer, into: $0) }
    }

    static func insert(_ answer: Answer, into database: SQLiteDatabase) throws {
        try database.execute(
            "INSERT OR IGNORE INTO commands (op, id, reply, at) VALUES (?, ?, ?, ?)",
            .text(answer.op), .text(answer.id), .text(String(decoding: answer.reply, as: UTF8.self)),
            .real(answer.at.timeIntervalSince1970))
    }

    /// The answer given to one command.
    public struct Answer: Sendable {
        public var op: String
        public var id: String
        public var reply: [UInt8]
        public var at: Date

        public init(op: String, id: String, reply: [UInt8], at: Date) {
            self.op = op
            self.id = id
            self.reply = reply
            self.at = at
        }
    }
}
