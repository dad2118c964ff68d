import Contract
import Foundation
import SQLite

/// The durable outbox: every routed event is stored here before the MQTT handler returns, and
/// leaves only as delivered or dead. `(event_id, destination_id)` is unique, so an event
/// delivered twice by the broker (QoS 1 after a restart) is queued once per destination.
public struct Outbox: Sendable {
    public let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Queues `event` for each of `destinations` in one transaction, with `extra` SQL work (such
    /// as storing an availability state) in the same transaction. Returns the destinations that
    /// got a new row (none for a duplicate).
    @discardableResult
    public func enqueue(
        _ event: BusEvent, for destinations: [String], at now: Date,
        alongside extra: @escaping @Sendable (SQLiteDatabase) throws -> Void = { _ in }
    ) async throws -> [String] {
        let json = String(decoding: try MessageCoding.encode(event), as: UTF8.self)
        return try await database.write { database in
            try extra(database)
            let insert = try database.prepare(
                """
                INSERT INTO outbox (event_id, destination_id, event, received_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (event_id, destination_id) DO NOTHING
                """)
            var added: [String] = []
            for destination in destinations {
                try insert.execute(
                    .text(event.id), .text(destination), .text(json), .real(now.timeIntervalSince1970), .real(now.timeIntervalSince1970))
                if database.changes > 0 { added.append(destination) }
            }
            return added
        }
    }

    /// The pending items of `destination` due at `now`, oldest first.
    public func due(_ destination: String, at now: Date, limit: Int) async throws -> [OutboxItem] {
        try await database.read { database in
            try database.query(
                """
                SELECT id, destination_id, event, status, attempts, next_attempt_at, last_error FROM outbox
                WHERE destination_id = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, [.text(destination), .real(now.timeIntervalSince1970), .integer(Int64(limit))]
            ).compactMap(Self.item)
        }
    }

    /// When the next pending item of `destination` is due, or `nil` when none is pending.
    public func nextDue(_ destination: String) async throws -> Date? {
        try await database.read { database in
            try database.query(
                "SELECT MIN(next_attempt_at) AS next FROM outbox WHERE destination_id = ? AND status = 'pending'", [.text(destination)]
            ).first?.double("next").map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// Marks `ids` delivered.
    public func markDelivered(_ ids: [Int64], at now: Date) async throws {
        try await update(ids, "status = 'delivered', finished_at = ?", [.real(now.timeIntervalSince1970)])
    }

    /// Records a failed attempt of `ids`: one more attempt, next try at `next`.
    public func markRetry(_ ids: [Int64], error: String, next: Date) async throws {
        try await update(ids, "attempts = attempts + 1, last_error = ?, next_attempt_at = ?", [.text(error), .real(next.timeIntervalSince1970)])
    }

    /// Gives `ids` up.
    public func markDead(_ ids: [Int64], error: String, at now: Date) async throws {
        try await update(
            ids, "status = 'dead', attempts = attempts + 1, last_error = ?, finished_at = ?", [.text(error), .real(now.timeIntervalSince1970)])
    }

    /// Gives up every pending item of `destination` (disabled or removed); returns how many.
    @discardableResult
    public func abandon(destination: String, reason: String, at now: Date) async throws -> Int {
        try await database.write { database in
            try database.execute(
                "UPDATE outbox SET status = 'dead', last_error = ?, finished_at = ? WHERE destination_id = ? AND status = 'pending'",
                .text(reason), .real(now.timeIntervalSince1970), .text(destination))
            return database.changes
        }
    }

    /// Deletes delivered and dead items finished before `before`; returns how many.
    @discardableResult
    public func purge(finishedBefore before: Date) async throws -> Int {
        try await database.write { database in
            try database.execute("DELETE FROM outbox WHERE status != 'pending' AND finished_at < ?", .real(before.timeIntervalSince1970))
            return database.changes
        }
    }

    /// Item counts by destination and status, e.g. `["slack": ["pending": 3, "delivered": 10]]`.
    public func counts() async throws -> [String: [String: Int]] {
        try await database.read { database in
            var result: [String: [String: Int]] = [:]
            for row in try database.query("SELECT destination_id, status, COUNT(*) AS n FROM outbox GROUP BY destination_id, status") {
                guard let destination = row.string("destination_id"), let status = row.string("status") else { continue }
                result[destination, default: [:]][status] = row.int("n") ?? 0
            }
            return result
        }
    }

    private func update(_ ids: [Int64], _ assignments: String, _ values: [SQLiteValue]) async throws {
        guard !ids.isEmpty else { return }
        try await database.write { database in
            let statement = try database.prepare("UPDATE outbox SET \(assignments) WHERE id = ?")
            for id in ids { try statement.execute(values + [.integer(id)]) }
        }
    }

    private static func item(_ row: SQLiteRow) -> OutboxItem? {
        guard let id = row.int("id"), let destination = row.string("destination_id"), let json = row.string("event"),
            let event = try? MessageCoding.decode(BusEvent.self, from: Data(json.utf8)),
            let status = row.string("status").flatMap(OutboxItem.Status.init), let next = row.double("next_attempt_at")
        else { return nil }
        return OutboxItem(
            id: Int64(id), destinationID: destination, event: event, status: status, attempts: row.int("attempts") ?? 0,
            nextAttemptAt: Date(timeIntervalSince1970: next), lastError: row.string("last_error"))
    }
}
