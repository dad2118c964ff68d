import Foundation

/// How well ProxBalance's advice works, published retained on `{b}/scoring/metrics` after
/// every plan.
public struct SuccessMetrics: Codable, Sendable, Equatable {
    public var v: Int = 1
    public var cluster: String
    public var generatedAt: Date
    /// Over the last 7 and 30 days.
    public var acceptance: [Acceptance]
    public var churn: Churn
    public var healthTrend: HealthTrend
    public var predictionAccuracy: PredictionAccuracy

    public init(
        cluster: String, generatedAt: Date, acceptance: [Acceptance], churn: Churn, healthTrend: HealthTrend,
        predictionAccuracy: PredictionAccuracy
    ) {
        self.cluster = cluster
        self.generatedAt = generatedAt
        self.acceptance = acceptance
        self.churn = churn
        self.healthTrend = healthTrend
        self.predictionAccuracy = predictionAccuracy
    }

    /// Distinct recommended moves of the window and how many of them the executor completed.
    public struct Acceptance: Codable, Sendable, Equatable {
        public var days: Int
        public var proposed: Int
        public var executed: Int
        /// `executed ÷ proposed`, 0–1; absent when nothing was proposed.
        public var rate: Double?

        public init(days: Int, proposed: Int, executed: Int, rate: Double?) {
            self.days = days
            self.proposed = proposed
            self.executed = executed
            self.rate = rate
        }
    }

    /// Guests that changed node more than once in the last `hours` hours.
    public struct Churn: Codable, Sendable, Equatable {
        public var hours: Int
        public var guests: Int
        /// The guests, lowest vmid first (at most 50).
        public var vmids: [Int]

        public init(hours: Int, guests: Int, vmids: [Int]) {
            self.hours = hours
            self.guests = guests
            self.vmids = vmids
        }
    }

    /// The mean cluster health before the plan, this week (last 7 days) and the week before.
    public struct HealthTrend: Codable, Sendable, Equatable {
        public var thisWeek: Double?
        public var lastWeek: Double?
        /// `this_week − last_week`, when both are known.
        public var change: Double?

        public init(thisWeek: Double?, lastWeek: Double?, change: Double?) {
            self.thisWeek = thisWeek
            self.lastWeek = lastWeek
            self.change = change
        }
    }

    /// Predicted target CPU after a completed move against the target's mean CPU 5 to 15 minutes
    /// after it finished, over the last 30 days.
    public struct PredictionAccuracy: Codable, Sendable, Equatable {
        /// Moves with both a prediction and an observation.
        public var moves: Int
        /// Mean |predicted − observed| in CPU percentage points.
        public var meanAbsoluteErrorPct: Double?
        /// Share of moves within 10 points, 0–1.
        public var within10Pct: Double?

        public init(moves: Int, meanAbsoluteErrorPct: Double?, within10Pct: Double?) {
            self.moves = moves
            self.meanAbsoluteErrorPct = meanAbsoluteErrorPct
            self.within10Pct = within10Pct
        }
    }
}
