import Contract

/// What the policy decided about one candidate, before it becomes a `CandidateDecision`.
struct CandidateVerdict: Sendable, Equatable {
    var action: CandidateAction
    var code: DecisionCode
    var reason: String

    init(_ action: CandidateAction, _ code: DecisionCode, _ reason: String) {
        self.action = action
        self.code = code
        self.reason = reason
    }
}
