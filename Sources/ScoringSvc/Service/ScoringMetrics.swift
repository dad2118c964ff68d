import Metrics

/// Scoring's metrics: plans made (for every snapshot and every maintenance or settings change),
/// how long planning took, and how many moves the plans proposed.
public struct ScoringMetrics: Sendable {
    private let plans: Counter
    private let planDuration: Timer
    private let moves: Counter

    public init(factory: any MetricsFactory) {
        plans = Counter(label: "proxbalance_plans_generated_total", factory: factory)
        planDuration = Timer(label: "proxbalance_plan_duration_seconds", factory: factory)
        moves = Counter(label: "proxbalance_moves_proposed_total", factory: factory)
    }

    /// Metrics that go nowhere (unit tests).
    public static var none: ScoringMetrics { ScoringMetrics(factory: NOOPMetricsHandler.instance) }

    /// Records one plan of `moves` moves that took `duration`.
    func planned(moves count: Int, in duration: Duration) {
        plans.increment()
        planDuration.record(duration: duration)
        moves.increment(by: count)
    }
}
