import Foundation

/// What one completed migration did to its two nodes, measured at a checkpoint after it
/// (`5m`, `1h`, `24h`), next to what the plan predicted.
public struct OutcomeMeasurement: Codable, Sendable, Equatable {
    public var migrationId: String
    public var vmid: Int
    public var source: String
    public var target: String
    /// `5m`, `1h` or `24h`.
    public var checkpoint: String
    public var at: Date
    public var before: MoveLoads?
    public var now: MoveLoads
    /// CPU points the source lost since the move (before − now).
    public var sourceCpuRelief: Double?
    /// CPU points the plan said the source would lose, when the move came from a plan.
    public var predictedSourceCpuRelief: Double?
    /// 0–100: 100 − the mean absolute error of the predicted CPU of both nodes after the move.
    public var accuracy: Double?
    /// The source is cooler than before and the target is not hotter than the source was.
    public var improved: Bool

    public init(
        migrationId: String, vmid: Int, source: String, target: String, checkpoint: String, at: Date, before: MoveLoads?,
        now: MoveLoads, sourceCpuRelief: Double?, predictedSourceCpuRelief: Double?, accuracy: Double?, improved: Bool
    ) {
        self.migrationId = migrationId
        self.vmid = vmid
        self.source = source
        self.target = target
        self.checkpoint = checkpoint
        self.at = at
        self.before = before
        self.now = now
        self.sourceCpuRelief = sourceCpuRelief
        self.predictedSourceCpuRelief = predictedSourceCpuRelief
        self.accuracy = accuracy
        self.improved = improved
    }
}

/// Retained on `{b}/executor/outcomes`: how migrations went, for admins and for scoring's
/// confidence (its `history` factor).
public struct OutcomeReport: Codable, Sendable, Equatable {
    public var v: Int = 1
    public var cluster: String
    public var updatedAt: Date
    /// Real (not dry-run) migrations over the report window (30 days).
    public var completed: Int
    public var failed: Int
    /// completed / (completed + failed) in %, nil before the first one ended.
    public var successRatePct: Double?
    /// Per checkpoint: how many moves were measured, mean accuracy, share that improved.
    public var checkpoints: [CheckpointSummary]
    /// The newest measurements, newest first (at most 20).
    public var recent: [OutcomeMeasurement]

    public init(
        cluster: String, updatedAt: Date, completed: Int, failed: Int, checkpoints: [CheckpointSummary],
        recent: [OutcomeMeasurement]
    ) {
        self.cluster = cluster
        self.updatedAt = updatedAt
        self.completed = completed
        self.failed = failed
        let ended = completed + failed
        self.successRatePct = ended > 0 ? (Double(completed) * 1000 / Double(ended)).rounded() / 10 : nil
        self.checkpoints = checkpoints
        self.recent = recent
    }

    /// One checkpoint's figures.
    public struct CheckpointSummary: Codable, Sendable, Equatable {
        public var checkpoint: String
        public var measured: Int
        public var meanAccuracy: Double?
        public var improvedPct: Double?

        public init(checkpoint: String, measured: Int, meanAccuracy: Double?, improvedPct: Double?) {
            self.checkpoint = checkpoint
            self.measured = measured
            self.meanAccuracy = meanAccuracy
            self.improvedPct = improvedPct
        }
    }
}
