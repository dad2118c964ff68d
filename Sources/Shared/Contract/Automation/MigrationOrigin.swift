/// Who started a migration: an admin, the automation, a maintenance evacuation, or the
/// executor undoing an earlier move.
public enum MigrationOrigin: String, Codable, Sendable, CaseIterable {
    case manual, automation, evacuation, rollback
}
