import Foundation
import SQLite
import ScoringEngine

/// The effective `ScoringSettings`, persisted in SQLite (table `settings`) as JSON.
public struct SettingsStore: Sendable {
    private static let key = "scoring_settings"
    private let records: JSONRecordStore

    public init(database: SQLiteDatabase) {
        records = JSONRecordStore(database: database, table: "settings")
    }

    /// The stored settings laid over the defaults (so settings added by a newer version get
    /// their default and ones it dropped are ignored); the defaults when nothing is stored.
    public func load() async throws -> ScoringSettings {
        guard let json = try await records.data(Self.key) else { return ScoringSettings() }
        return try SettingsUpdate.restore(json)
    }

    /// Stores `settings` as the effective settings.
    public func save(_ settings: ScoringSettings, at: Date) async throws {
        try await records.save(settings, Self.key, at: at)
    }
}
