import Foundation
import Shared

/// The last plan made from a usable snapshot, persisted in SQLite (table `plans`) so that after
/// a restart events compare with it instead of announcing the same moves again. Stored without
/// its `skipped` list, which events do not read.
public struct PlanStore: Sendable {
    private static let key = "last_usable"
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// The stored plan, or `nil` when none is stored.
    /// - Throws: when it cannot be read or decoded.
    public func lastUsable() async throws -> RecommendationSet? {
        let rows = try await database.read { try $0.query("SELECT value FROM plans WHERE key = ?", [.text(Self.key)]) }
        guard let json = rows.first?.string("value") else { return nil }
        return try MessageCoding.decode(RecommendationSet.self, from: Data(json.utf8))
    }

    /// Stores `plan` (without `skipped`) as the last usable plan.
    public func saveLastUsable(_ plan: RecommendationSet) async throws {
        var slim = plan
        slim.skipped = []
        let json = String(decoding: try MessageCoding.encode(slim), as: UTF8.self)
        try await database.write { database in
            try database.execute(
                """
                INSERT INTO plans (key, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
                .text(Self.key), .text(json), .real(plan.generatedAt.timeIntervalSince1970))
        }
    }
}
