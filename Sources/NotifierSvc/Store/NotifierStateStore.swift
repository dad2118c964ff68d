import Foundation
import SQLite

/// The notifier's small persisted state: its settings (with the hash of the destinations file
/// they came from) and the last availability state of every watched service.
public struct NotifierStateStore: Sendable {
    private static let settingsKey = "notifier_settings"
    private static let fileHashKey = "destinations_file_hash"
    public let database: SQLiteDatabase
    private let records: JSONRecordStore

    public init(database: SQLiteDatabase) {
        self.database = database
        records = JSONRecordStore(database: database, table: "settings")
    }

    /// The stored settings, or `nil` when none were ever stored.
    public func loadSettings() async throws -> NotifierSettings? {
        try await records.load(NotifierSettings.self, Self.settingsKey)
    }

    /// Stores `settings`; with `fileHash`, also remembers which destinations file they came from
    /// (both in one transaction).
    public func saveSettings(_ settings: NotifierSettings, fileHash: String? = nil, at now: Date) async throws {
        try await records.saveTogether(at: now) { writer in
            try writer.save(settings, Self.settingsKey)
            if let fileHash { try writer.save(fileHash, Self.fileHashKey) }
        }
    }

    /// The hash of the destinations file last applied.
    public func appliedFileHash() async throws -> String? { try await records.load(String.self, Self.fileHashKey) }

    /// The last stored state of an availability topic.
    public func availability(_ topic: String) async throws -> String? {
        try await database.read { try $0.query("SELECT state FROM availability WHERE topic = ?", [.text(topic)]).first?.string("state") }
    }

    /// SQL work that stores the state of an availability topic (run it inside a write).
    public static func storeAvailability(_ topic: String, _ state: String, at now: Date) -> @Sendable (SQLiteDatabase) throws -> Void {
        { database in
            try database.execute(
                """
                INSERT INTO availability (topic, state, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (topic) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
                """, .text(topic), .text(state), .real(now.timeIntervalSince1970))
        }
    }
}
