public import Contract

/// Everything the plan depends on that a user can change, published retained on
/// `{b}/scoring/settings` and updated through `{b}/scoring/settings/set`.
public struct ScoringSettings: Codable, Sendable, Equatable {
    /// Penalty points, thresholds and time weights.
    public var penalties = PenaltyConfiguration()
    /// At most this many moves in one plan (1…1000).
    public var maxMovesPerPlan: Int = 20
    /// Balancing small guests by count (off by default).
    public var distribution = DistributionSettings()
    /// A snapshot older than this many collection intervals is stale.
    public var staleAfterIntervals: Double = 3
    /// How readily moves are recommended; sets the expert values it stands for (`UserSettings`).
    public var sensitivity: Sensitivity = .balanced
    /// How much CPU / IOWait history and the rising trend count against the current load.
    public var trendWeight: TrendWeight = .medium
    /// Hours of node history the trends (slope, stability) are computed from.
    public var analysisLookbackHours: Int = 168
    /// Moves with a lower confidence (0–100) are not recommended but skipped (`low_confidence`).
    public var minConfidence: Double = 0
    /// Fewer moves of running guests: a higher improvement minimum and at most 5 moves a plan.
    public var protectRunningWorkloads: Bool = false
    /// Speed of the migration network in Gbit/s: weighs the memory and local disks a move copies
    /// against the number of moves (`MigrationCost`).
    public var migrationLinkGbps: Double = 10
    /// Expert keys set explicitly (e.g. `penalties.cpu_threshold`): the user settings leave them alone.
    public var expertOverrides: [String] = []

    /// The defaults.
    public init() {}

    /// Allowed range of `max_moves_per_plan`.
    public static let maxMovesRange = 1...1000
    /// Allowed range of `stale_after_intervals`.
    public static let staleAfterRange: ClosedRange<Double> = 1...100
    /// Allowed range of `analysis_lookback_hours` (90 days).
    public static let lookbackRange = 1...2160
    /// Allowed range of `migration_link_gbps`.
    public static let migrationLinkRange: ClosedRange<Double> = 0.1...1000
    /// Allowed range of `min_confidence`.
    public static let minConfidenceRange: ClosedRange<Double> = 0...100

    /// Checks every value; throws naming the first invalid field (snake_case path).
    public func validate() throws(PenaltyConfigurationError) {
        do {
            try penalties.validate()
        } catch {
            throw PenaltyConfigurationError(field: "penalties.\(error.field)", message: error.message)
        }
        guard Self.maxMovesRange.contains(maxMovesPerPlan) else {
            throw PenaltyConfigurationError(
                field: "max_moves_per_plan", value: Double(maxMovesPerPlan),
                range: Double(Self.maxMovesRange.lowerBound)...Double(Self.maxMovesRange.upperBound))
        }
        guard staleAfterIntervals.isFinite, Self.staleAfterRange.contains(staleAfterIntervals) else {
            throw PenaltyConfigurationError(field: "stale_after_intervals", value: staleAfterIntervals, range: Self.staleAfterRange)
        }
        try distribution.validate()
        guard Self.lookbackRange.contains(analysisLookbackHours) else {
            throw PenaltyConfigurationError(
                field: "analysis_lookback_hours", value: Double(analysisLookbackHours),
                range: Double(Self.lookbackRange.lowerBound)...Double(Self.lookbackRange.upperBound))
        }
        guard minConfidence.isFinite, Self.minConfidenceRange.contains(minConfidence) else {
            throw PenaltyConfigurationError(field: "min_confidence", value: minConfidence, range: Self.minConfidenceRange)
        }
        guard migrationLinkGbps.isFinite, Self.migrationLinkRange.contains(migrationLinkGbps) else {
            throw PenaltyConfigurationError(field: "migration_link_gbps", value: migrationLinkGbps, range: Self.migrationLinkRange)
        }
        for (index, key) in expertOverrides.enumerated() where UserSettings.expertKey(key) == nil {
            throw PenaltyConfigurationError(
                field: "expert_overrides[\(index)]",
                message: "'\(key)' is not set by the user settings; one of \(UserSettings.expertKeys.keys.sorted().joined(separator: ", "))")
        }
    }
}

/// Distribution balancing: evens out running-guest counts by moving small guests.
public struct DistributionSettings: Codable, Sendable, Equatable {
    public var enabled: Bool = false
    /// Balance when the busiest node runs at least this many more guests than the quietest.
    public var guestCountThreshold: Int = 2
    /// Only guests with at most this many vCPUs (0 = any).
    public var maxCores: Double = 2
    /// Only guests using at most this much memory, in GiB (0 = any).
    public var maxMemoryGib: Double = 4
    /// Only guests whose CPU use (% of their own vCPUs) is at most this.
    public static let maxCPUUsePct: Double = 10

    public init() {}

    /// Whether `guest` is small in use: at most `max_cores` vCPUs, at most 10 % of them busy and
    /// at most `max_memory_gib` of memory in use.
    public func isSmall(_ guest: GuestState) -> Bool {
        let coresOK = maxCores == 0 || guest.vcpus <= maxCores
        let busyOK = guest.cpuPct <= Self.maxCPUUsePct
        let memoryOK = maxMemoryGib == 0 || Double(guest.memoryUsedBytes) <= maxMemoryGib * 1_073_741_824
        return coresOK && busyOK && memoryOK
    }

    /// Allowed range of `guest_count_threshold`.
    public static let guestCountRange = 1...1000
    /// Allowed range of `max_cores` (vCPUs).
    public static let maxCoresRange: ClosedRange<Double> = 0...1024
    /// Allowed range of `max_memory_gib`.
    public static let maxMemoryRange: ClosedRange<Double> = 0...65536

    /// Throws naming the first invalid field.
    public func validate() throws(PenaltyConfigurationError) {
        guard Self.guestCountRange.contains(guestCountThreshold) else {
            throw PenaltyConfigurationError(
                field: "distribution.guest_count_threshold", value: Double(guestCountThreshold),
                range: Double(Self.guestCountRange.lowerBound)...Double(Self.guestCountRange.upperBound))
        }
        for (field, value, range) in [("max_cores", maxCores, Self.maxCoresRange), ("max_memory_gib", maxMemoryGib, Self.maxMemoryRange)]
        where !(value.isFinite && range.contains(value)) {
            throw PenaltyConfigurationError(field: "distribution.\(field)", value: value, range: range)
        }
    }
}
