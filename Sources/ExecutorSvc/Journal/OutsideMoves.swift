public import Contract
public import Foundation
public import SQLite

/// Moves made outside ProxBalance (scoring's `by: outside` placement changes), kept in SQLite
/// (table `outside_moves`) so that cooldowns and rollback detection count them across restarts.
/// A guest is seen on one node per snapshot, so a move is keyed by guest and time: a redelivered
/// change is recorded once.
public struct OutsideMoves: Sendable {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// Records `change`; false when it was recorded already.
    @discardableResult
    public func record(_ change: PlacementChange) async throws -> Bool {
        try await database.write { database in
            try database.execute(
                "INSERT OR IGNORE INTO outside_moves (vmid, from_node, to_node, at) VALUES (?, ?, ?, ?)",
                .integer(Int64(change.vmid)), .text(change.from), .text(change.to), .real(change.at.timeIntervalSince1970))
            return database.changes > 0
        }
    }

    /// The moves seen at or after `start`, oldest first.
    public func since(_ start: Date) async throws -> [PlacementChange] {
        let rows = try await database.read { database in
            try database.query(
                "SELECT vmid, from_node, to_node, at FROM outside_moves WHERE at >= ? ORDER BY at, vmid",
                [.real(start.timeIntervalSince1970)])
        }
        return rows.compactMap { row in
            guard let vmid = row.int("vmid"), let from = row.string("from_node"), let to = row.string("to_node"),
                let at = row.double("at")
            else { return nil }
            return PlacementChange(vmid: vmid, from: from, to: to, at: Date(timeIntervalSince1970: at), by: .outside)
        }
    }

    /// Deletes the moves seen before `before`; returns how many.
    @discardableResult
    public func delete(before: Date) async throws -> Int {
        try await database.write { database in
            try database.execute("DELETE FROM outside_moves WHERE at < ?", .real(before.timeIntervalSince1970))
            return database.changes
        }
    }
}
