import Foundation

/// Every node's suitability for one guest (answer to `{b}/scoring/request/migration_options`).
public struct MigrationOptions: Codable, Sendable, Equatable {
    public var vmid: Int
    public var name: String?
    public var node: String
    /// The guest's current node, scored with the guest on it (the baseline to beat).
    public var current: ScoreBreakdown
    /// Allowed targets, best (lowest score) first; each scored with the guest added.
    public var options: [TargetOption]
    /// Nodes the guest may not move to, with the rule.
    public var disqualified: [TargetDisqualification]
    /// Set when the guest itself may not move at all (ignore tag, HA, passthrough…).
    public var blockedBy: SkipReason?

    public init(
        vmid: Int, name: String?, node: String, current: ScoreBreakdown, options: [TargetOption],
        disqualified: [TargetDisqualification], blockedBy: SkipReason?
    ) {
        self.vmid = vmid
        self.name = name
        self.node = node
        self.current = current
        self.options = options
        self.disqualified = disqualified
        self.blockedBy = blockedBy
    }

    /// One allowed target.
    public struct TargetOption: Codable, Sendable, Equatable {
        public var node: String
        public var score: ScoreBreakdown
        /// Current node's score minus this one's.
        public var improvement: Double
        public var suitability: Double

        public init(node: String, score: ScoreBreakdown, improvement: Double, suitability: Double) {
            self.node = node
            self.score = score
            self.improvement = improvement
            self.suitability = suitability
        }
    }
}

/// Why one guest is or is not in the plan (answer to `{b}/scoring/request/why`).
public struct GuestExplanation: Codable, Sendable, Equatable {
    public var vmid: Int
    public var recommended: Bool
    /// One sentence.
    public var answer: String
    public var recommendation: Recommendation?
    public var skipped: SkippedGuest?

    public init(vmid: Int, recommended: Bool, answer: String, recommendation: Recommendation?, skipped: SkippedGuest?) {
        self.vmid = vmid
        self.recommended = recommended
        self.answer = answer
        self.recommendation = recommendation
        self.skipped = skipped
    }
}
