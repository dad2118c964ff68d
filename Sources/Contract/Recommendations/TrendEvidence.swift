/// The trends behind a recommendation: source, target and guest, and how much history they
/// come from. Absent parts had too little history.
public struct TrendEvidence: Codable, Sendable, Equatable {
    public var source: NodeTrendEvidence?
    public var target: NodeTrendEvidence?
    public var guest: GuestTrendEvidence?

    public init(source: NodeTrendEvidence?, target: NodeTrendEvidence?, guest: GuestTrendEvidence?) {
        self.source = source
        self.target = target
        self.guest = guest
    }
}

/// One node's CPU trend as evidence.
public struct NodeTrendEvidence: Codable, Sendable, Equatable {
    /// `overloaded`, `trending_toward_overload`, `stable_but_hot` or `normal`.
    public var state: String
    /// `sustained_increase`, `rising`, `stable`, `falling`, `sustained_decrease`, `volatile` or `cyclical`.
    public var cpuDirection: String
    public var cpuTrendPctPerDay: Double
    public var memoryTrendPctPerDay: Double?
    /// CPU stability 0–100.
    public var stability: Double
    /// CPU now against the usual CPU at this hour, in σ.
    public var baselineDeviationSigma: Double?
    public var aboveBaseline: Bool
    public var hoursToThreshold: Double?
    public var dataQuality: TrendDataQuality

    public init(
        state: String, cpuDirection: String, cpuTrendPctPerDay: Double, memoryTrendPctPerDay: Double?, stability: Double,
        baselineDeviationSigma: Double?, aboveBaseline: Bool, hoursToThreshold: Double?, dataQuality: TrendDataQuality
    ) {
        self.state = state
        self.cpuDirection = cpuDirection
        self.cpuTrendPctPerDay = cpuTrendPctPerDay
        self.memoryTrendPctPerDay = memoryTrendPctPerDay
        self.stability = stability
        self.baselineDeviationSigma = baselineDeviationSigma
        self.aboveBaseline = aboveBaseline
        self.hoursToThreshold = hoursToThreshold
        self.dataQuality = dataQuality
    }
}

/// The moved guest's CPU trend as evidence.
public struct GuestTrendEvidence: Codable, Sendable, Equatable {
    /// CPU growth in % of the guest's own mean per day.
    public var cpuGrowthPctPerDay: Double
    /// `steady`, `growing`, `bursty` or `cyclical`.
    public var behaviour: String
    /// UTC hours of its daily peak, when it has a daily cycle.
    public var peakHours: [Int]
    public var dataQuality: TrendDataQuality

    public init(cpuGrowthPctPerDay: Double, behaviour: String, peakHours: [Int], dataQuality: TrendDataQuality) {
        self.cpuGrowthPctPerDay = cpuGrowthPctPerDay
        self.behaviour = behaviour
        self.peakHours = peakHours
        self.dataQuality = dataQuality
    }
}
