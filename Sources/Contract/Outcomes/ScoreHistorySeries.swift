import Foundation

/// The answer to `score_history`: one node's score, or the cluster's health, per plan averaged
/// per step over a window.
public struct ScoreHistorySeries: Codable, Sendable, Equatable {
    /// The node asked for; absent for the cluster.
    public var node: String?
    public var from: Date
    public var to: Date
    public var stepSeconds: Int
    public var points: [ScoreHistoryPoint]

    public init(node: String?, from: Date, to: Date, stepSeconds: Int, points: [ScoreHistoryPoint]) {
        self.node = node
        self.from = from
        self.to = to
        self.stepSeconds = stepSeconds
        self.points = points
    }
}

/// The mean over the plans of one step: a node's `score_before`, `score_after` and
/// `suitability`, or the cluster's `health_before` and `health_after`.
public struct ScoreHistoryPoint: Codable, Sendable, Equatable {
    public var at: Date
    /// Plans averaged in this point.
    public var plans: Int
    public var scoreBefore: Double?
    public var scoreAfter: Double?
    public var suitability: Double?
    public var healthBefore: Double?
    public var healthAfter: Double?

    public init(
        at: Date, plans: Int, scoreBefore: Double? = nil, scoreAfter: Double? = nil, suitability: Double? = nil,
        healthBefore: Double? = nil, healthAfter: Double? = nil
    ) {
        self.at = at
        self.plans = plans
        self.scoreBefore = scoreBefore
        self.scoreAfter = scoreAfter
        self.suitability = suitability
        self.healthBefore = healthBefore
        self.healthAfter = healthAfter
    }
}
