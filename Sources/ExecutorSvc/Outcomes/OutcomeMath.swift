public import Contract
import Foundation

/// The pure arithmetic of outcomes: one measurement from loads now, and the report over many.
public enum OutcomeMath {
    /// The checkpoints after a completion at which nodes are measured: name and delay.
    public static let standardCheckpoints: [(name: String, seconds: Double)] = [("5m", 300), ("1h", 3_600), ("24h", 86_400)]

    /// The measurement of `migration` with its nodes' loads `now`.
    public static func measure(_ migration: MigrationStatus, checkpoint: String, now: MoveLoads, at: Date) -> OutcomeMeasurement {
        let before = migration.loadsBefore
        let relief = before.map { round($0.sourceCpuPct - now.sourceCpuPct) }
        let prediction = migration.prediction
        let predictedRelief = prediction.map { round($0.sourceCpuPctBefore - $0.sourceCpuPctAfter) }
        let accuracy = prediction.map { predicted in
            let error = (abs(predicted.sourceCpuPctAfter - now.sourceCpuPct) + abs(predicted.targetCpuPctAfter - now.targetCpuPct)) / 2
            return round(max(0, 100 - error))
        }
        let improved = before.map { now.sourceCpuPct < $0.sourceCpuPct && now.targetCpuPct <= $0.sourceCpuPct } ?? false
        return OutcomeMeasurement(
            migrationId: migration.id, vmid: migration.vmid, source: migration.source, target: migration.target,
            checkpoint: checkpoint, at: at, before: before, now: now, sourceCpuRelief: relief, predictedSourceCpuRelief: predictedRelief,
            accuracy: accuracy, improved: improved)
    }

    /// The report over the window's migrations and measurements.
    public static func report(
        cluster: String, at: Date, migrations: [MigrationStatus], measurements: [OutcomeMeasurement], checkpoints: [String]
    ) -> OutcomeReport {
        let real = migrations.filter { !$0.dryRun }
        let summaries = checkpoints.map { name -> OutcomeReport.CheckpointSummary in
            let rows = measurements.filter { $0.checkpoint == name }
            let accuracies = rows.compactMap(\.accuracy)
            return OutcomeReport.CheckpointSummary(
                checkpoint: name, measured: rows.count,
                meanAccuracy: accuracies.isEmpty ? nil : round(accuracies.reduce(0, +) / Double(accuracies.count)),
                improvedPct: rows.isEmpty ? nil : round(Double(rows.filter(\.improved).count) * 100 / Double(rows.count)))
        }
        return OutcomeReport(
            cluster: cluster, updatedAt: at, completed: real.filter { $0.state == .completed }.count,
            failed: real.filter { $0.state == .failed }.count, checkpoints: summaries,
            recent: Array(measurements.sorted { $0.at > $1.at }.prefix(20)))
    }

    private static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}
