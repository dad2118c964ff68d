import Foundation

/// What one automation run decided about one move of the plan, and why.
public struct CandidateDecision: Codable, Sendable, Equatable {
    /// Position among the run's candidates, from 1, in plan order.
    public var rank: Int
    /// The move's id in the plan: `<vmid>:<source>:<target>`.
    public var recommendationId: String
    public var step: Int
    public var vmid: Int
    public var name: String?
    public var type: GuestType
    public var source: String
    public var target: String
    public var kind: MoveKind
    /// 0–100, from the plan.
    public var confidence: Double
    /// 0–100, from the plan.
    public var riskScore: Double
    public var action: CandidateAction
    public var code: DecisionCode
    /// The decision for a human, with its numbers: "VM 101 (web) was moved 12 min ago; …".
    public var reason: String
    /// The executor's migration id, once it started the move.
    public var migrationId: String?

    public init(
        rank: Int, recommendationId: String, step: Int, vmid: Int, name: String?, type: GuestType, source: String,
        target: String, kind: MoveKind, confidence: Double, riskScore: Double, action: CandidateAction,
        code: DecisionCode, reason: String, migrationId: String? = nil
    ) {
        self.rank = rank
        self.recommendationId = recommendationId
        self.step = step
        self.vmid = vmid
        self.name = name
        self.type = type
        self.source = source
        self.target = target
        self.kind = kind
        self.confidence = confidence
        self.riskScore = riskScore
        self.action = action
        self.code = code
        self.reason = reason
        self.migrationId = migrationId
    }

    /// The decision about `recommendation` (its facts copied), at `rank`.
    public init(rank: Int, _ recommendation: Recommendation, action: CandidateAction, code: DecisionCode, reason: String) {
        self.init(
            rank: rank, recommendationId: recommendation.id, step: recommendation.step, vmid: recommendation.vmid,
            name: recommendation.name, type: recommendation.type, source: recommendation.source,
            target: recommendation.target, kind: recommendation.kind, confidence: recommendation.confidence,
            riskScore: recommendation.risk.score, action: action, code: code, reason: reason)
    }

    /// The guest, e.g. "VM 101 (web)".
    public var label: String { type.label(vmid: vmid, name: name) }

    /// Records the outcome the executor saw: `executed`, `failed` or `dry_run`, with the
    /// migration id when one was started and, optionally, a new reason. The code stays, so
    /// the policy's choice remains visible.
    public mutating func mark(_ action: CandidateAction, migrationId: String? = nil, reason: String? = nil) {
        self.action = action
        if let migrationId { self.migrationId = migrationId }
        if let reason { self.reason = reason }
    }
}

/// What happens to a candidate.
public enum CandidateAction: String, Codable, Sendable, CaseIterable {
    /// Selected to run now; the executor changes it to `executed`, `failed` or `dry_run`.
    case pending
    case executed
    case failed
    /// Selected in a dry run: logged, not migrated.
    case dryRun = "dry_run"
    /// Not moved this run for a reason about this guest's recent past (cooldown, rollback, …).
    case skipped
    /// Ruled out by a rule of the settings (tags, confidence, risk, kind).
    case filtered
    /// Would pass but has to wait: budget, a dependency, a window, the quorum.
    case deferred
    /// Not yet seen in enough consecutive plans.
    case observing
}

/// The machine-readable reason of a decision.
public enum DecisionCode: String, Codable, Sendable, CaseIterable {
    /// Passed every filter and fits in the budget.
    case selected
    /// A maintenance evacuation: selected without the guest filters.
    case maintenanceBypass = "maintenance_bypass"
    /// Automation is off.
    case disabled
    case outsideWindow = "outside_window"
    case blackout
    case noQuorum = "no_quorum"
    case stalePlan = "stale_plan"
    /// The guest carries `no-auto-migrate`.
    case noAutoMigrateTag = "no_auto_migrate_tag"
    /// Whitelist mode and the guest lacks `auto-migrate-ok`.
    case notWhitelisted = "not_whitelisted"
    /// A distribution-balancing move while those are excluded from automation.
    case distributionExcluded = "distribution_excluded"
    /// Not yet in enough consecutive plans.
    case observing
    case cooldown
    /// The move would take the guest back to a node it recently left.
    case rollback
    case minConfidence = "min_confidence"
    /// Risk above 50 needs confidence ≥ 1.2 × the minimum.
    case riskGate = "risk_gate"
    /// A move it depends on is not selected in this run.
    case dependsOn = "depends_on"
    /// The run's budget is used up.
    case budget
    /// The guest migrated after the plan's snapshot: the plan no longer describes it.
    case recentlyMoved = "recently_moved"
}
