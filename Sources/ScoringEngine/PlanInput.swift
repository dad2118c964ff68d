public import Contract
public import Foundation

/// Everything one plan is computed from. The planner reads nothing else: no clock, no I/O.
public struct PlanInput: Sendable {
    public var snapshot: ClusterSnapshot
    /// Nodes in maintenance: scoring's own list plus the nodes the snapshot shows in Proxmox HA
    /// maintenance.
    public var maintenance: Set<String>
    public var history: HistorySummary
    public var settings: ScoringSettings
    /// The time the plan is made, for staleness and timestamps.
    public var now: Date
    /// The executor's outcome report, for the confidence's past-outcomes factor.
    public var outcomes: OutcomeReport?
    /// Guests the plan keeps where they are (vmid → why): moves `min_confidence` refused in an
    /// earlier round of the same plan.
    public var held: [Int: String] = [:]
    /// When set, only these guests may move (the others stay, with this sentence): the last
    /// round of a plan whose moves `min_confidence` kept refusing.
    public var movableOnly: (vmids: Set<Int>, why: String)?
    /// Per-node and per-guest trends from the metrics history, for states, forecasts and evidence.
    public var trends: ClusterTrends = ClusterTrends()

    public init(
        snapshot: ClusterSnapshot, maintenance: Set<String> = [], history: HistorySummary = [:],
        settings: ScoringSettings = ScoringSettings(), now: Date, outcomes: OutcomeReport? = nil
    ) {
        self.outcomes = outcomes
        self.snapshot = snapshot
        self.maintenance = maintenance.union(snapshot.nodes.filter(\.haMaintenance).map(\.name))
        self.history = history
        self.settings = settings
        self.now = now
    }

    /// Whether the snapshot is older than `settings.staleAfterIntervals` collection intervals.
    public var isStale: Bool {
        now.timeIntervalSince(snapshot.collectedAt) > settings.staleAfterIntervals * snapshot.collection.intervalSeconds
    }
}
