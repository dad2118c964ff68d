/// Everything the plan depends on that a user can change, published retained on
/// `{b}/scoring/settings` and updated through `{b}/scoring/settings/set`.
public struct ScoringSettings: Codable, Sendable, Equatable {
    /// Penalty points, thresholds and time weights (the reference's `penalty_scoring`).
    public var penalties = PenaltyConfiguration()
    /// At most this many moves in one plan (1…1000).
    public var maxMovesPerPlan: Int = 20
    /// Balancing small guests by count (off by default).
    public var distribution = DistributionSettings()
    /// A snapshot older than this many collection intervals is stale.
    public var staleAfterIntervals: Double = 3

    /// The defaults.
    public init() {}

    /// Checks every value; throws naming the first invalid field (snake_case path).
    public func validate() throws(PenaltyConfigurationError) {
        do {
            try penalties.validate()
        } catch {
            throw PenaltyConfigurationError(field: "penalties.\(error.field)", message: error.message)
        }
        guard (1...1000).contains(maxMovesPerPlan) else {
            throw PenaltyConfigurationError(field: "max_moves_per_plan", message: "must be 1…1000, got \(maxMovesPerPlan)")
        }
        guard staleAfterIntervals.isFinite, staleAfterIntervals >= 1 else {
            throw PenaltyConfigurationError(field: "stale_after_intervals", message: "must be ≥ 1, got \(staleAfterIntervals)")
        }
        try distribution.validate()
    }
}

/// Distribution balancing (seed 000): evens out running-guest counts by moving small guests.
public struct DistributionSettings: Codable, Sendable, Equatable {
    public var enabled: Bool = false
    /// Balance when the busiest node runs at least this many more guests than the quietest.
    public var guestCountThreshold: Int = 2
    /// Only guests with at most this many vCPUs (0 = any).
    public var maxCores: Double = 2
    /// Only guests with at most this much max memory, in GiB (0 = any).
    public var maxMemoryGib: Double = 4

    public init() {}

    /// Throws naming the first invalid field.
    public func validate() throws(PenaltyConfigurationError) {
        guard guestCountThreshold >= 1 else {
            throw PenaltyConfigurationError(
                field: "distribution.guest_count_threshold", message: "must be ≥ 1, got \(guestCountThreshold)")
        }
        guard maxCores.isFinite, maxCores >= 0 else {
            throw PenaltyConfigurationError(field: "distribution.max_cores", message: "must be ≥ 0, got \(maxCores)")
        }
        guard maxMemoryGib.isFinite, maxMemoryGib >= 0 else {
            throw PenaltyConfigurationError(field: "distribution.max_memory_gib", message: "must be ≥ 0, got \(maxMemoryGib)")
        }
    }
}
