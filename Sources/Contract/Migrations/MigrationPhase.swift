/// Where a migration is in its life. `completed`, `failed`, `skipped`, `dry_run` and
/// `cancelled` are final.
public enum MigrationPhase: String, Codable, Sendable, CaseIterable, KnownValues {
    /// Accepted and journaled; nothing asked of Proxmox yet.
    case queued
    /// The checks against the live API are running.
    case validating
    /// Proxmox runs the task (the journal row was written before the API call).
    case running
    /// The guest runs on its target.
    case completed
    /// Proxmox refused or aborted the migration; `error` has its text.
    case failed
    /// A validation check blocked it; nothing was sent to Proxmox.
    case skipped
    /// Validated and recorded only: the executor is in dry-run mode or the command asked for it.
    case dryRun = "dry_run"
    /// Stopped on request; the guest stays on its source.
    case cancelled

    /// Whether the migration has ended.
    public var isFinal: Bool {
        switch self {
        case .queued, .validating, .running: false
        case .completed, .failed, .skipped, .dryRun, .cancelled: true
        }
    }
}
