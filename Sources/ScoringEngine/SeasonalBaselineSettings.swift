/// The reference's `seasonal_baseline` settings (same-UTC-hour baseline; off by default).
public struct SeasonalBaselineSettings: Codable, Sendable, Equatable {
    public var enabled: Bool
    /// How many standard deviations above the hourly baseline count as unusual.
    public var sigmaThreshold: Double

    public init(enabled: Bool = false, sigmaThreshold: Double = 2.0) {
        self.enabled = enabled
        self.sigmaThreshold = sigmaThreshold
    }
}
