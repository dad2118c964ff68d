import Foundation
public import Shared

/// Whether the plan behind a move still holds: its age, and how the CPU of both nodes moved
/// since (the drift). Moves without a plan are not checked.
public enum PlanFreshness {
    /// The `plan_fresh` check and the drift, or `nil` twice for a move without a plan.
    public static func check(_ request: MoveRequest, _ facts: LiveFacts, limits: ValidationLimits) -> (ValidationCheck?, PlanDrift?) {
        guard let move = request.recommendation, let generatedAt = request.planGeneratedAt else { return (nil, nil) }
        let age = facts.now.timeIntervalSince(generatedAt)
        let sourceNow = facts.node(move.source)?.cpuPct ?? 0
        let targetNow = facts.node(move.target)?.cpuPct ?? 0
        let drift = PlanDrift(
            planAgeSeconds: age.rounded(), sourceCpuPctPlanned: move.sourceBefore.cpuPct, sourceCpuPctNow: sourceNow,
            targetCpuPctPlanned: move.targetBefore.cpuPct, targetCpuPctNow: targetNow)
        let numbers = "source \(move.source) \(pct(move.sourceBefore.cpuPct)) → \(pct(sourceNow)), target \(move.target) \(pct(move.targetBefore.cpuPct)) → \(pct(targetNow)) CPU"
        if age > limits.maxPlanAgeSeconds {
            return (
                ValidationCheck(
                    "plan_fresh", passed: false,
                    "the plan is \(Int(age / 60)) min old (limit \(Int(limits.maxPlanAgeSeconds / 60)) min); wait for a new plan"), drift
            )
        }
        let evacuating = move.kind == .maintenanceEvacuation
        if !evacuating, targetNow - move.targetBefore.cpuPct > limits.maxTargetCpuDrift {
            return (ValidationCheck("plan_fresh", passed: false, "the target got busier since the plan: \(numbers)"), drift)
        }
        if !evacuating, targetNow >= sourceNow {
            return (ValidationCheck("plan_fresh", passed: false, "the move would no longer relieve its source: \(numbers)"), drift)
        }
        return (ValidationCheck("plan_fresh", passed: true, "the plan is \(Int(age)) s old; \(numbers)"), drift)
    }

    private static func pct(_ value: Double) -> String { "\(Int(value.rounded())) %" }
}
