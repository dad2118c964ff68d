import Contract
import Foundation

/// The success metrics from the outcome history's facts. Pure.
public enum SuccessMetricsCalculation {
    /// The acceptance windows, in days.
    public static let acceptanceDays = [7, 30]
    /// How far back churn looks, in hours.
    public static let churnHours = 24
    /// A prediction this close to the observation (CPU points) counts as accurate.
    public static let accurateWithin = 10.0

    /// Every metric of `facts` at `now`.
    public static func metrics(_ facts: OutcomeFacts, cluster: String, now: Date) -> SuccessMetrics {
        SuccessMetrics(
            cluster: cluster, generatedAt: now, acceptance: acceptanceDays.map { acceptance(facts, days: $0, now: now) },
            churn: churn(facts.movedGuests), healthTrend: healthTrend(facts.health, now: now),
            predictionAccuracy: predictionAccuracy(facts.executions))
    }

    /// Distinct moves proposed in the last `days` days, and how many of them a completed
    /// migration executed.
    public static func acceptance(_ facts: OutcomeFacts, days: Int, now: Date) -> SuccessMetrics.Acceptance {
        let start = now.addingTimeInterval(-Double(days) * 86_400)
        let proposed = Set(facts.proposals.filter { $0.lastProposed >= start }.map(\.id))
        let executed = Set(facts.executions.compactMap(\.recommendationID)).intersection(proposed)
        return SuccessMetrics.Acceptance(
            days: days, proposed: proposed.count, executed: executed.count,
            rate: proposed.isEmpty ? nil : Rounding.round(Double(executed.count) / Double(proposed.count), 3))
    }

    /// Guests listed more than once in `movedGuests`.
    public static func churn(_ movedGuests: [Int]) -> SuccessMetrics.Churn {
        let counts = movedGuests.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
        let churned = counts.filter { $0.value > 1 }.keys.sorted()
        return SuccessMetrics.Churn(hours: churnHours, guests: churned.count, vmids: Array(churned.prefix(50)))
    }

    /// Mean health before the plan over the last 7 days against the 7 days before, each entry
    /// weighted by its plans.
    public static func healthTrend(_ health: [OutcomeFacts.Health], now: Date) -> SuccessMetrics.HealthTrend {
        let week = 7 * 86_400.0
        func mean(from: Date, to: Date) -> Double? {
            let values = health.filter { $0.at >= from && $0.at < to && $0.plans > 0 }
            let plans = values.reduce(0) { $0 + $1.plans }
            return plans == 0 ? nil : Rounding.round(values.reduce(0) { $0 + $1.healthBefore * Double($1.plans) } / Double(plans))
        }
        let thisWeek = mean(from: now.addingTimeInterval(-week), to: now.addingTimeInterval(1))
        let lastWeek = mean(from: now.addingTimeInterval(-2 * week), to: now.addingTimeInterval(-week))
        let change = thisWeek.flatMap { this in lastWeek.map { Rounding.round(this - $0) } }
        return SuccessMetrics.HealthTrend(thisWeek: thisWeek, lastWeek: lastWeek, change: change)
    }

    /// Mean absolute error and share within `accurateWithin` of the executions with both a
    /// prediction and an observation.
    public static func predictionAccuracy(_ executions: [OutcomeFacts.Execution]) -> SuccessMetrics.PredictionAccuracy {
        let errors = executions.compactMap { execution -> Double? in
            guard let predicted = execution.predictedTargetCpuPct, let observed = execution.observedTargetCpuPct else { return nil }
            return abs(predicted - observed)
        }
        guard !errors.isEmpty else { return SuccessMetrics.PredictionAccuracy(moves: 0, meanAbsoluteErrorPct: nil, within10Pct: nil) }
        let n = Double(errors.count)
        return SuccessMetrics.PredictionAccuracy(
            moves: errors.count, meanAbsoluteErrorPct: Rounding.round(errors.reduce(0, +) / n),
            within10Pct: Rounding.round(Double(errors.filter { $0 <= accurateWithin }.count) / n, 3))
    }
}
