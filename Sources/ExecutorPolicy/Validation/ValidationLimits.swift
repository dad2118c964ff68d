/// The thresholds of the validation checks (the memory limit is the contract's `MemoryGate`).
public struct ValidationLimits: Sendable, Equatable {
    /// A plan older than this is stale.
    public var maxPlanAgeSeconds: Double = 1800
    /// How many CPU points the target may have gained since the plan.
    public var maxTargetCpuDrift: Double = 25

    public init(maxPlanAgeSeconds: Double = 1800, maxTargetCpuDrift: Double = 25) {
        self.maxPlanAgeSeconds = maxPlanAgeSeconds
        self.maxTargetCpuDrift = maxTargetCpuDrift
    }
}
