import Foundation

/// One plan in the recommendation history (answer to `plan_history`).
public struct PlanCycle: Codable, Sendable, Equatable {
    /// When the plan was made.
    public var at: Date
    /// The collection cycle of the snapshot it planned.
    public var cycle: Int
    public var status: PlanStatus
    /// Moves the plan recommended.
    public var proposed: Int
    /// The executor's completed migrations of a recommended move created while this was the
    /// latest plan.
    public var executed: Int
    /// Guests the plan left where they are, with a reason.
    public var skipped: Int
    public var healthBefore: Double
    public var healthAfter: Double

    public init(
        at: Date, cycle: Int, status: PlanStatus, proposed: Int, executed: Int, skipped: Int, healthBefore: Double,
        healthAfter: Double
    ) {
        self.at = at
        self.cycle = cycle
        self.status = status
        self.proposed = proposed
        self.executed = executed
        self.skipped = skipped
        self.healthBefore = healthBefore
        self.healthAfter = healthAfter
    }
}

/// The answer to `plan_history`: the plans of the window, newest first.
public struct PlanHistory: Codable, Sendable, Equatable {
    /// Plans in the window (more than `plans` when `limit` cut the list).
    public var total: Int
    public var plans: [PlanCycle]

    public init(total: Int, plans: [PlanCycle]) {
        self.total = total
        self.plans = plans
    }
}
