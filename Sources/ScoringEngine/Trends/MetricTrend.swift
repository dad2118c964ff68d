/// What one metric's history says: where it is heading, how fast and how surely, how steady
/// it is, what is usual now, when it would cross a threshold, its cycles, and how much history
/// stands behind all that.
public struct MetricTrend: Codable, Sendable, Equatable {
    public var direction: TrendDirection
    /// Fitted slope in the metric's unit per day (percentage points for percentages).
    public var ratePerDay: Double
    /// R² of the slope (after removing a daily cycle when one was found), 0–1.
    public var r2: Double
    public var confidence: TrendConfidence
    /// 0–100 from the coefficient of variation (100 = flat).
    public var stability: Double
    /// Mean of the samples in the last hour.
    public var current: Double
    /// Mean of the samples in the last 6 hours.
    public var recent: Double
    /// The fitted line's value now.
    public var level: Double
    public var baseline: TrendBaseline?
    /// Hours until the threshold is crossed if the trend goes on (0 when already above it);
    /// `nil` without a threshold or without a trustworthy rising slope.
    public var hoursToThreshold: Double?
    public var dailyCycle: TrendCycle?
    public var weeklyCycle: TrendCycle?
    public var coverage: TrendCoverage

    public init(
        direction: TrendDirection, ratePerDay: Double, r2: Double, confidence: TrendConfidence, stability: Double, current: Double,
        recent: Double, level: Double, baseline: TrendBaseline?, hoursToThreshold: Double?, dailyCycle: TrendCycle?,
        weeklyCycle: TrendCycle?, coverage: TrendCoverage
    ) {
        self.direction = direction
        self.ratePerDay = ratePerDay
        self.r2 = r2
        self.confidence = confidence
        self.stability = stability
        self.current = current
        self.recent = recent
        self.level = level
        self.baseline = baseline
        self.hoursToThreshold = hoursToThreshold
        self.dailyCycle = dailyCycle
        self.weeklyCycle = weeklyCycle
        self.coverage = coverage
    }

    /// The highest value the fitted line plus the daily cycle's peak reach now.
    public var projectedPeak: Double { level + max(0, dailyCycle?.amplitude ?? 0) }
}
