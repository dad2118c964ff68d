import Foundation
import Shared

/// The notifier's small persisted state: its settings (with the hash of the destinations file
/// they came from) and the last availability state of every watched service.
public struct NotifierStateStore: Sendable {
    private static let settingsKey = "notifier_settings"
    private static let fileHashKey = "destinations_file_hash"
    public let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// The stored settings, or `nil` when none were ever stored.
    public func loadSettings() async throws -> NotifierSettings? {
        guard let json = try await value(Self.settingsKey) else { return nil }
        return try MessageCoding.decode(NotifierSettings.self, from: Data(json.utf8))
    }

    /// Stores `settings`; with `fileHash`, also remembers which destinations file they came from.
    public func saveSettings(_ settings: NotifierSettings, fileHash: String? = nil, at now: Date) async throws {
        let json = String(decoding: try MessageCoding.encode(settings), as: UTF8.self)
        try await database.write { database in
            try Self.put(Self.settingsKey, json, at: now, in: database)
            if let fileHash { try Self.put(Self.fileHashKey, fileHash, at: now, in: database) }
        }
    }

    /// The hash of the destinations file last applied.
    public func appliedFileHash() async throws -> String? { try await value(Self.fileHashKey) }

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

    private func value(_ key: String) async throws -> String? {
        try await database.read { try $0.query("SELECT value FROM settings WHERE key = ?", [.text(key)]).first?.string("value") }
    }

    private static func put(_ key: String, _ value: String, at now: Date, in database: SQLiteDatabase) throws {
        try database.execute(
            """
            INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, .text(key), .text(value), .real(now.timeIntervalSince1970))
    }
}
