public import Contract
import Foundation

/// The `{b}/events/migrations` events of a migration, written for a human on a phone; the
/// details carry what the notifier lays out (guest, source → target, who asked, duration,
/// reason, error).
public enum MigrationEvents {
    /// The event for `status` reaching its current state, or `nil` for states that announce
    /// nothing (queued, validating, skipped, dry-run).
    public static func event(for status: MigrationStatus, reason: String?) -> BusEvent? {
        let label = status.label
        let route = "\(status.source) → \(status.target)"
        let kind: String
        let severity: BusEvent.Severity
        let title: String
        let message: String
        switch status.state {
        case .running:
            kind = "started"
            severity = .info
            title = "Migrating \(label)"
            message = "\(label) is moving \(route) (\(status.origin.rawValue))."
        case .completed where status.origin == .rollback:
            kind = "rolled_back"
            severity = .info
            title = "Rolled back \(label)"
            message =
                "\(label) is back on \(status.target) after \(duration(status)); it had been moved away by \(status.rollbackOf ?? "an earlier migration")."
        case .completed:
            kind = "completed"
            severity = .info
            title = "Migrated \(label)"
            message = "\(label) now runs on \(status.target) (moved from \(status.source) in \(duration(status)))."
        case .failed:
            kind = "failed"
            severity = .warning
            title = "Migration of \(label) failed"
            message =
                "\(label) could not move \(route): \(status.error ?? "unknown error"). It still runs on \(status.source); check the Proxmox task log\(status.upid.map { " (\($0))" } ?? "")."
        case .cancelled:
            kind = "cancelled"
            severity = .info
            title = "Migration of \(label) cancelled"
            message =
                "The migration of \(label) \(route) was stopped on request\(status.cancelledBy.map { " of \($0)" } ?? ""); the guest stays on \(status.source)."
        case .queued, .validating, .skipped, .dryRun:
            return nil
        }
        var details: [BusEvent.DetailItem] = [
            .init("migration_id", status.id), .init("vmid", String(status.vmid)), .init("guest", label),
            .init("source", status.source), .init("target", status.target), .init("origin", status.origin.rawValue),
        ]
        if let requestedBy = status.requestedBy { details.append(.init("requested_by", requestedBy)) }
        if let cancelledBy = status.cancelledBy, status.state == .cancelled { details.append(.init("cancelled_by", cancelledBy)) }
        if let reason { details.append(.init("reason", reason)) }
        if let seconds = status.durationSeconds { details.append(.init("duration_s", String(Int(seconds.rounded())))) }
        if let error = status.error, status.state == .failed { details.append(.init("error", error)) }
        if let upid = status.upid { details.append(.init("upid", upid)) }
        return BusEvent(
            id: "\(status.id)-\(kind)", cluster: status.cluster, category: .migrations, kind: kind, severity: severity,
            at: status.finishedAt ?? status.startedAt ?? status.createdAt, title: title, message: message, details: details)
    }

    private static func duration(_ status: MigrationStatus) -> String {
        guard let seconds = status.durationSeconds else { return "an unknown time" }
        let whole = Int(seconds.rounded())
        return whole < 60 ? "\(whole) s" : "\(whole / 60) min \(whole % 60) s"
    }
}
