import Foundation

/// The scoring service's plan for one cluster, published retained on `{b}/recommendations`.
///
/// The moves in `recommendations` form one batch: each was chosen with every earlier move
/// already applied to the predicted state of its source and target, and they are listed in
/// execution order (`step`).
public struct RecommendationSet: Codable, Sendable, Equatable, LargeMessage {
    public var v: Int = 1
    public var cluster: String
    public var generatedAt: Date
    /// When the snapshot the plan was computed from was collected.
    public var snapshotAt: Date
    /// The collector's cycle number of that snapshot.
    public var snapshotCycle: Int
    public var status: PlanStatus
    /// One sentence for a human: "Cluster is balanced", "3 moves relieve pve3 (CPU 83 %)", …
    public var message: String
    /// The moves, in execution order.
    public var recommendations: [Recommendation]
    /// Every running guest that was considered and not recommended, with the reason.
    public var skipped: [SkippedGuest]
    public var summary: PlanSummary
    /// What changed since the previous plan (absent for the first plan after a start).
    public var changes: PlanChanges?
    /// Thresholds nodes will cross within the forecast horizon if their trends go on.
    public var forecasts: [TrendForecast]?

    public init(
        cluster: String, generatedAt: Date, snapshotAt: Date, snapshotCycle: Int, status: PlanStatus, message: String,
        recommendations: [Recommendation], skipped: [SkippedGuest], summary: PlanSummary, changes: PlanChanges? = nil
    ) {
        self.cluster = cluster
        self.generatedAt = generatedAt
        self.snapshotAt = snapshotAt
        self.snapshotCycle = snapshotCycle
        self.status = status
        self.message = message
        self.recommendations = recommendations
        self.skipped = skipped
        self.summary = summary
        self.changes = changes
    }
}

/// What a plan says about the cluster as a whole.
public enum PlanStatus: String, Codable, Sendable, CaseIterable {
    /// Nothing to do: no node above its thresholds and the spread is within the convergence threshold.
    case balanced
    /// At least one move is recommended.
    case recommendations
    /// Something is off but no move helps (every candidate was skipped; see `skipped`).
    case noImprovement = "no_improvement"
    /// The snapshot is older than three collection intervals; nothing is recommended from it.
    case stale
    /// The cluster has no quorum, or too few usable nodes; nothing is recommended.
    case unavailable
}

/// How soon a human should look at a plan or a move.
public enum Urgency: String, Codable, Sendable, CaseIterable, Comparable, KnownValues {
    case none, low, medium, high, critical

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}
