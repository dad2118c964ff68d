/// What is usual for a metric at this hour: the mean and spread of earlier samples at the same
/// hour of the week (or, with fewer than two earlier weeks, of the day), and how far the
/// current value is from it.
public struct TrendBaseline: Codable, Sendable, Equatable {
    /// `hour_of_week` or `hour_of_day`.
    public var basis: String
    public var mean: Double
    /// Population standard deviation.
    public var sigma: Double
    public var samples: Int
    /// (current − mean) / σ, with σ at least `minimumSigma`.
    public var deviationSigma: Double

    public init(basis: String, mean: Double, sigma: Double, samples: Int, deviationSigma: Double) {
        self.basis = basis
        self.mean = mean
        self.sigma = sigma
        self.samples = samples
        self.deviationSigma = deviationSigma
    }

    /// Fewer samples (or samples from fewer distinct days or weeks) give no baseline.
    public static let minimumSamples = 3
    /// The smallest σ a deviation is measured in, so a flat history does not turn noise into anomalies.
    public static let minimumSigma = 1.0
    /// Deviations above this many σ, and at least `minimumExcess` above the mean, count as above
    /// the baseline.
    public static let aboveSigma = 2.0
    public static let minimumExcess = 5.0

    /// Whether the current value is above the usual one by more than `aboveSigma` and `minimumExcess`.
    public var isAbove: Bool { deviationSigma > Self.aboveSigma && deviationSigma * max(sigma, Self.minimumSigma) >= Self.minimumExcess }

    /// The baseline of `current` at hour `now` (hours since the epoch) from `earlier` samples.
    static func of(_ earlier: [TrendPoint], current: Double, now: Int) -> TrendBaseline? {
        let weekSlot = TrendCycle.hourOfWeek(now)
        let daySlot = TrendCycle.hourOfDay(now)
        let sameWeekHour = earlier.filter { TrendCycle.hourOfWeek(TrendCycle.hourIndex($0.at)) == weekSlot }
        let weeks = Set(sameWeekHour.map { TrendCycle.hourIndex($0.at) / 168 })
        if weeks.count >= 2, sameWeekHour.count >= minimumSamples {
            return make("hour_of_week", sameWeekHour, current: current)
        }
        let sameDayHour = earlier.filter { TrendCycle.hourOfDay(TrendCycle.hourIndex($0.at)) == daySlot }
        let days = Set(sameDayHour.map { TrendCycle.hourIndex($0.at) / 24 })
        guard days.count >= 2, sameDayHour.count >= minimumSamples else { return nil }
        return make("hour_of_day", sameDayHour, current: current)
    }

    private static func make(_ basis: String, _ points: [TrendPoint], current: Double) -> TrendBaseline {
        let n = Double(points.count)
        let mean = points.reduce(0) { $0 + $1.value } / n
        let sigma = (points.reduce(0) { $0 + ($1.value - mean) * ($1.value - mean) } / n).squareRoot()
        return TrendBaseline(
            basis: basis, mean: mean, sigma: sigma, samples: points.count, deviationSigma: (current - mean) / max(sigma, minimumSigma))
    }
}
