import Foundation
import Shared

/// The effective `ScoringSettings`, persisted in SQLite (table `settings`) as JSON.
public struct SettingsStore: Sendable {
    private static let key = "scoring_settings"
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// The stored settings laid over the defaults (so settings added by a newer version get
    /// their default and ones it dropped are ignored); the defaults when nothing is stored.
    public func load() async throws -> ScoringSettings {
        let rows = try await database.read { try $0.query("SELECT value FROM settings WHERE key = ?", [.text(Self.key)]) }
        guard let json = rows.first?.string("value") else { return ScoringSettings() }
        return try SettingsUpdate.restore(Data(json.utf8))
    }

    /// Stores `settings` as the effective settings.
    public func save(_ settings: ScoringSettings, at: Date) async throws {
        let json = String(decoding: try MessageCoding.encode(settings), as: UTF8.self)
        try await database.write { database in
            try database.execute(
                """
                INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
                .text(Self.key), .text(json), .real(at.timeIntervalSince1970))
        }
    }
}
