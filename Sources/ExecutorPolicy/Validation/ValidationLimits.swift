/// The thresholds of the validation checks.
public struct ValidationLimits: Sendable, Equatable {
    /// Committed memory of the target's running guests plus the guest's, in % of the target's RAM.
    public var memoryCommitPct: Double = 95
    /// A plan older than this is stale.
    public var maxPlanAgeSeconds: Double = 1800
    /// How many CPU points the target may have gained since the plan.
    public var maxTargetCpuDrift: Double = 25

    public init(memoryCommitPct: Double = 95, maxPlanAgeSeconds: Double = 1800, maxTargetCpuDrift: Double = 25) {
        self.memoryCommitPct = memoryCommitPct
        self.maxPlanAgeSeconds = maxPlanAgeSeconds
        self.maxTargetCpuDrift = maxTargetCpuDrift
    }
}
