/// Who asked for a migration.
public enum MigrationOrigin: String, Codable, Sendable, CaseIterable, KnownValues {
    /// A `migrate` command.
    case manual
    /// An automation run.
    case automation
    /// An `evacuate` command for a node in maintenance.
    case evacuation
    /// A `rollback` command: the guest goes back to where it came from.
    case rollback
}
