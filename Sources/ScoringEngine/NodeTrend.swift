/// What scoring's own stored history says about a node: its CPU trend, stability and usual
/// CPU per hour of the day.
public struct NodeTrend: Codable, Sendable, Equatable {
    /// Least-squares CPU slope, % per day.
    public var cpuSlopePctPerDay: Double
    /// Fit quality of that slope, 0–1.
    public var cpuR2: Double
    /// Number of samples the slope comes from.
    public var samples: Int
    /// CPU stability 0–100 from the coefficient of variation (100 = flat).
    public var cpuStability: Double
    /// Usual CPU by UTC hour (index 0–23) where enough samples exist, for the seasonal baseline.
    public var cpuByHour: [Int: HourlyBaseline]

    public init(
        cpuSlopePctPerDay: Double, cpuR2: Double, samples: Int, cpuStability: Double,
        cpuByHour: [Int: HourlyBaseline] = [:]
    ) {
        self.cpuSlopePctPerDay = cpuSlopePctPerDay
        self.cpuR2 = cpuR2
        self.samples = samples
        self.cpuStability = cpuStability
        self.cpuByHour = cpuByHour
    }
}

/// Per-node trends from the stored history, by node name; empty when there is no history yet.
public typealias HistorySummary = [String: NodeTrend]
