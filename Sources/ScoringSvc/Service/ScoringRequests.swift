import Contract
import Foundation
import ScoringEngine

/// Answers `{b}/scoring/request/<op>`: `migration_options`, `why`, `recommendations`, `export`
/// (and `history`, `simulate`, `score_history`, `plan_history`, `feedback` and
/// `threshold_suggestions`, answered by the
/// scorer from its database and settings).
/// Pure: the answer depends only on the request and the state it is given.
public enum ScoringRequests {
    /// The operations this service answers (`history`, `simulate` and the outcome ops by the
    /// scorer).
    public static let operations = [
        "migration_options", "why", "recommendations", "export", history, simulate, scoreHistory, planHistory, feedback,
        thresholdSuggestions,
    ]

    /// The op answered from the metrics history (`Scorer.history`), not from the state.
    public static let history = "history"
    /// The ops answered from the outcome history (`Scorer+Outcomes.swift`).
    public static let scoreHistory = "score_history"
    public static let planHistory = "plan_history"
    public static let feedback = "feedback"
    /// The op answered from the metrics history and settings (`Scorer.thresholdSuggestions`).
    public static let thresholdSuggestions = "threshold_suggestions"

    /// The op answered from the settings and history window (`Scorer.simulate`), not from the state.
    public static let simulate = "simulate"

    /// The `Reply` JSON for request `op` with `payload`, echoing the request's `id` when it can
    /// be read.
    public static func answer(op: String, payload: Data, state: ScoringState) -> [UInt8] {
        let id = RequestHeader.id(in: payload)
        switch op {
        case "migration_options":
            return ReplyPayload.make(id: id) { () throws(ReplyError) in
                let request = try decode(VMIDRequest.self, from: payload)
                guard let input = state.input else { throw .noData }
                guard let options = Planner.migrationOptions(vmid: request.vmid, input) else {
                    throw .notFound("guest \(request.vmid) is not in the snapshot of cluster \(input.snapshot.cluster)")
                }
                return options
            }
        case "why":
            return ReplyPayload.make(id: id) { () throws(ReplyError) in
                let request = try decode(VMIDRequest.self, from: payload)
                guard let input = state.input, let plan = state.plan else { throw .noData }
                return GuestExplainer.explain(vmid: request.vmid, plan: plan, snapshot: input.snapshot)
            }
        case "recommendations":
            return ReplyPayload.make(id: id) { () throws(ReplyError) in
                let query = try decode(RecommendationQuery.self, from: payload)
                guard let plan = state.plan else { throw .noData }
                return try query.page(of: plan.recommendations)
            }
        case "export":
            let request: ExportRequest
            do {
                request = try decode(ExportRequest.self, from: payload)
            } catch {
                return ReplyPayload.failure(id: id, error)
            }
            guard let plan = state.plan else { return ReplyPayload.failure(id: id, .noData) }
            switch request.format {
            case .json: return ReplyPayload.make(id: id, .success(plan.recommendations))
            case .csv: return ReplyPayload.make(id: id, .success(RecommendationExport.csv(plan.recommendations)))
            }
        default:
            return ReplyPayload.failure(id: id, .unknownOperation(op))
        }
    }

    /// The request body, or `malformed` / `invalid` naming the key that is wrong.
    static func decode<T: RequestBody>(_ type: T.Type, from payload: Data) throws(ReplyError) -> T {
        try T.decode(payload)
    }
}
