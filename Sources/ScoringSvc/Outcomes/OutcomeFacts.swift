import Foundation

/// What the success metrics are computed from, read from the outcome history. Plain values.
public struct OutcomeFacts: Sendable, Equatable {
    /// A recommended move (by id) and the last time a plan proposed it.
    public struct Proposal: Sendable, Equatable {
        public var id: String
        public var lastProposed: Date

        public init(id: String, lastProposed: Date) {
            self.id = id
            self.lastProposed = lastProposed
        }
    }

    /// A completed migration of a recommended move (when it was created), with the predicted
    /// and observed target CPU when known.
    public struct Execution: Sendable, Equatable {
        public var recommendationID: String?
        public var createdAt: Date
        public var predictedTargetCpuPct: Double?
        public var observedTargetCpuPct: Double?

        public init(recommendationID: String?, createdAt: Date, predictedTargetCpuPct: Double? = nil, observedTargetCpuPct: Double? = nil) {
            self.recommendationID = recommendationID
            self.createdAt = createdAt
            self.predictedTargetCpuPct = predictedTargetCpuPct
            self.observedTargetCpuPct = observedTargetCpuPct
        }
    }

    /// The mean cluster health before the `plans` plans of an hour starting at `at` (or of one
    /// plan made at `at`).
    public struct Health: Sendable, Equatable {
        public var at: Date
        public var healthBefore: Double
        public var plans: Int

        public init(at: Date, healthBefore: Double, plans: Int = 1) {
            self.at = at
            self.healthBefore = healthBefore
            self.plans = plans
        }
    }

    public var proposals: [Proposal]
    public var executions: [Execution]
    /// The guest of every placement change of the last 24 hours, one entry per change.
    public var movedGuests: [Int]
    public var health: [Health]

    public init(proposals: [Proposal] = [], executions: [Execution] = [], movedGuests: [Int] = [], health: [Health] = []) {
        self.proposals = proposals
        self.executions = executions
        self.movedGuests = movedGuests
        self.health = health
    }
}
