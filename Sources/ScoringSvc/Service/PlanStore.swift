import Contract
import Foundation
import SQLite

/// The last plan made from a usable snapshot, persisted in SQLite (table `plans`) so that after
/// a restart events compare with it instead of announcing the same moves again. Stored without
/// its `skipped` list, which events do not read.
public struct PlanStore: Sendable {
    private static let key = "last_usable"
    private let records: JSONRecordStore

    public init(database: SQLiteDatabase) {
        records = JSONRecordStore(database: database, table: "plans")
    }

    /// The stored plan, or `nil` when none is stored.
    /// - Throws: when it cannot be read or decoded.
    public func lastUsable() async throws -> RecommendationSet? {
        try await records.load(RecommendationSet.self, Self.key)
    }

    /// Stores `plan` (without `skipped`) as the last usable plan.
    public func saveLastUsable(_ plan: RecommendationSet) async throws {
        var slim = plan
        slim.skipped = []
        try await records.save(slim, Self.key, at: plan.generatedAt)
    }
}
