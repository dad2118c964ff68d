public import Foundation

/// Rollback detection: moving a guest to a node it left, through a successful migration, within
/// `rollback_window_hours` would undo that move and start an oscillation. A move made outside
/// ProxBalance counts too: an admin who moved a guest back by hand is not overruled.
public enum RollbackGuard {
    /// The latest successful migration that took `vmid` off `target` within the window before
    /// `now`, or nil when the move undoes nothing.
    public static func undoneMove(vmid: Int, target: String, history: [PastMigration], windowHours: Int, now: Date) -> PastMigration? {
        let window = TimeInterval(windowHours) * 3600
        return
            history
            .filter { $0.vmid == vmid && $0.succeeded && $0.source == target && now.timeIntervalSince($0.finishedAt) < window }
            .max { $0.finishedAt < $1.finishedAt }
    }
}
