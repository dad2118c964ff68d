import Contract
import ScoringEngine

/// What requests are answered from: the input of the latest plan (with the current time) and
/// that plan; both `nil` before the first snapshot.
public struct ScoringState: Sendable {
    public var input: PlanInput?
    public var plan: RecommendationSet?

    public init(input: PlanInput?, plan: RecommendationSet?) {
        self.input = input
        self.plan = plan
    }
}
