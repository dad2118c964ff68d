public import Contract
public import Foundation

/// A guest's rest after its last migration.
public struct Cooldown: Sendable, Equatable {
    /// The migration the cooldown runs from.
    public var lastMove: PastMigration
    /// Migrations of the guest in the 7 days before the check, the last one included.
    public var recentMoves: Int
    public var minutes: Int
    public var endsAt: Date
    /// True when `recentMoves` lengthened it.
    public var escalated: Bool
}

/// Per-guest cooldown: `cooldown_minutes` after the guest's last migration (any origin, moves
/// made outside ProxBalance too; successful or failed), multiplied by min(8, 2^(n−1)) when
/// escalation is on and the guest migrated n > 1 times in the last 7 days.
public enum CooldownPolicy {
    /// How far back escalation counts migrations.
    public static let escalationWindow: TimeInterval = 7 * 86_400

    /// The cooldown length for a guest with `recentMoves` migrations in the escalation window.
    public static func minutes(base: Int, recentMoves: Int, escalation: Bool) -> Int {
        guard escalation, recentMoves > 1 else { return base }
        return base * min(8, 1 << min(recentMoves - 1, 3))
    }

    /// The cooldown `vmid` is in at `now`, or nil when it may move.
    public static func active(vmid: Int, history: [PastMigration], settings: AutomationSettings, now: Date) -> Cooldown? {
        let moves = history.filter { $0.vmid == vmid }
        guard settings.cooldownMinutes > 0, let last = moves.max(by: { $0.finishedAt < $1.finishedAt }) else { return nil }
        let recent = moves.filter { now.timeIntervalSince($0.finishedAt) < escalationWindow }.count
        let minutes = minutes(base: settings.cooldownMinutes, recentMoves: recent, escalation: settings.cooldownEscalation)
        let endsAt = last.finishedAt.addingTimeInterval(TimeInterval(minutes * 60))
        guard now < endsAt else { return nil }
        return Cooldown(lastMove: last, recentMoves: recent, minutes: minutes, endsAt: endsAt, escalated: minutes > settings.cooldownMinutes)
    }
}
