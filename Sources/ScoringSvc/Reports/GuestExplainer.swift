import Contract
import Foundation

/// Answers "why is (or isn't) this guest moving?" from a plan and the snapshot it came from. Pure.
public enum GuestExplainer {
    /// The explanation for guest `vmid`: its move (step, target, reason), else why it was
    /// skipped, else why the plan did not consider it, else that the snapshot does not have it.
    public static func explain(vmid: Int, plan: RecommendationSet, snapshot: ClusterSnapshot) -> GuestExplanation {
        if let move = plan.recommendations.first(where: { $0.vmid == vmid }) {
            let order = move.dependsOn.isEmpty ? "" : " after step \(move.dependsOn.map(String.init).joined(separator: ", "))"
            let route = "should move from \(move.source) to \(move.target) (step \(move.step)\(order))"
            return GuestExplanation(
                vmid: vmid, recommended: true, answer: "\(move.label) \(route): \(move.reason.summary)",
                recommendation: move, skipped: nil)
        }
        if let skipped = plan.skipped.first(where: { $0.vmid == vmid }) {
            let label = skipped.label
            return GuestExplanation(
                vmid: vmid, recommended: false, answer: "\(label) stays on \(skipped.node): \(skipped.detail)", recommendation: nil,
                skipped: skipped)
        }
        guard let guest = snapshot.guests.first(where: { $0.vmid == vmid }) else {
            return GuestExplanation(
                vmid: vmid, recommended: false,
                answer: "Guest \(vmid) is not in the snapshot of \(snapshot.collectedAt.formatted(.iso8601)) for cluster \(snapshot.cluster).",
                recommendation: nil, skipped: nil)
        }
        let label = guest.label
        return GuestExplanation(
            vmid: vmid, recommended: false, answer: "\(label) stays on \(guest.node): \(notConsidered(guest, plan: plan))",
            recommendation: nil, skipped: nil)
    }

    /// Why the plan says nothing about a guest that is in its snapshot.
    private static func notConsidered(_ guest: GuestState, plan: RecommendationSet) -> String {
        if guest.template { return "it is a template." }
        switch plan.status {
        case .stale: return "the plan is stale (no recent snapshot), so nothing is recommended."
        case .unavailable: return "no plan could be made (\(plan.message))."
        case .balanced: return "the cluster is balanced, nothing needs to move."
        case .recommendations, .noImprovement:
            return guest.isRunning ? "it was not considered by this plan." : "it is \(guest.status), only running guests are moved."
        }
    }
}
