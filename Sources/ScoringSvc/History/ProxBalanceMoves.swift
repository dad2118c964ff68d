import Contract
import Foundation

/// The executor's recent migrations (from its retained `{b}/migrations/<id>`), so a guest seen
/// on another node can be told moved by ProxBalance or from outside. Pure.
public struct ProxBalanceMoves: Sendable, Equatable {
    /// How long after it was created a migration still explains a guest arriving at its target.
    public static let horizon: TimeInterval = 3600

    private var moves: [String: Move] = [:]

    private struct Move: Sendable, Equatable {
        var vmid: Int
        var target: String
        var createdAt: Date
    }

    public init() {}

    /// Takes in a migration's state; dry runs, skipped and cancelled migrations moved nothing.
    public mutating func receive(_ status: MigrationStatus) {
        switch status.state {
        case .dryRun, .skipped, .cancelled: moves[status.id] = nil
        default:
            guard !status.dryRun else { return }
            moves[status.id] = Move(vmid: status.vmid, target: status.target, createdAt: status.createdAt)
        }
    }

    /// Forgets a migration whose retained state was cleared.
    public mutating func remove(id: String) {
        moves[id] = nil
    }

    /// vmid → target of the migrations created within `horizon` before `now`.
    public mutating func targets(now: Date) -> [Int: String] {
        moves = moves.filter { now.timeIntervalSince($0.value.createdAt) <= Self.horizon }
        return moves.values.reduce(into: [:]) { $0[$1.vmid] = $1.target }
    }
}
