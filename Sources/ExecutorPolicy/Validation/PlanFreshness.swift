public import Contract
import Foundation
import ProxmoxAPI

/// Whether the plan behind a move still holds: its age, and how the CPU of both nodes moved
/// since (the drift). Moves without a plan are not checked.
public enum PlanFreshness {
    /// The `plan_fresh` check and the drift; both `nil` for a move without a plan.
    public struct Result: Sendable {
        public var check: ValidationCheck?
        public var drift: PlanDrift?
    }

    /// The freshness of `request`'s plan against `facts`.
    public static func check(_ request: MoveRequest, _ facts: LiveFacts, limits: ValidationLimits) -> Result {
        guard let move = request.recommendation, let generatedAt = request.planGeneratedAt else { return Result() }
        let age = facts.now.timeIntervalSince(generatedAt)
        let sourceNow = facts.node(move.source)?.cpuPct ?? 0
        let targetNow = facts.node(move.target)?.cpuPct ?? 0
        let drift = PlanDrift(
            planAgeSeconds: age.rounded(), sourceCpuPctPlanned: move.sourceBefore.cpuPct, sourceCpuPctNow: sourceNow,
            targetCpuPctPlanned: move.targetBefore.cpuPct, targetCpuPctNow: targetNow)
        let numbers =
            "source \(move.source) \(pct(move.sourceBefore.cpuPct)) → \(pct(sourceNow)), target \(move.target) \(pct(move.targetBefore.cpuPct)) → \(pct(targetNow)) CPU"
        if age > limits.maxPlanAgeSeconds {
            return Result(
                check: ValidationCheck(
                    "plan_fresh", passed: false,
                    "the plan is \(Int(age / 60)) min old (limit \(Int(limits.maxPlanAgeSeconds / 60)) min); wait for a new plan"),
                drift: drift)
        }
        let evacuating = move.kind == .maintenanceEvacuation
        if !evacuating, targetNow - move.targetBefore.cpuPct > limits.maxTargetCpuDrift {
            return Result(check: ValidationCheck("plan_fresh", passed: false, "the target got busier since the plan: \(numbers)"), drift: drift)
        }
        // Only a move made to relieve its source must still find a cooler target: an evacuation,
        // a rule repair and an affinity companion move for another reason.
        let relieving = ![.maintenanceEvacuation, .ruleRepair, .affinityCompanion].contains(move.kind)
        if relieving, targetNow >= sourceNow {
            return Result(
                check: ValidationCheck("plan_fresh", passed: false, "the move would no longer relieve its source: \(numbers)"), drift: drift)
        }
        return Result(check: ValidationCheck("plan_fresh", passed: true, "the plan is \(Int(age)) s old; \(numbers)"), drift: drift)
    }

    private static func pct(_ value: Double) -> String { "\(Int(value.rounded())) %" }
}
