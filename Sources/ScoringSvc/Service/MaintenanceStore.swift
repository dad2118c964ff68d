import Foundation
import SQLite

/// The nodes an operator put in ProxBalance maintenance, persisted in SQLite (table
/// `maintenance`) so they survive a restart.
public struct MaintenanceStore: Sendable {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// The nodes in maintenance.
    public func nodes() async throws -> Set<String> {
        let rows = try await database.read { try $0.query("SELECT node FROM maintenance") }
        return Set(rows.compactMap { $0.string("node") })
    }

    /// Puts `node` in maintenance (from `at`, kept if it already was) or takes it out.
    public func set(_ node: String, inMaintenance: Bool, at: Date) async throws {
        try await database.write { database in
            if inMaintenance {
                try database.execute(
                    "INSERT OR IGNORE INTO maintenance (node, since) VALUES (?, ?)", .text(node), .real(at.timeIntervalSince1970))
            } else {
                try database.execute("DELETE FROM maintenance WHERE node = ?", .text(node))
            }
        }
    }
}
