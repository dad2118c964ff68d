/// Minimum, maximum, average and 95th percentile of one metric over a stretch of time, in
/// stored (scaled) units while in SQLite and reported units in replies. Pure.
public struct MetricStats: Codable, Sendable, Equatable {
    public var min: Double
    public var max: Double
    public var avg: Double
    public var p95: Double

    public init(min: Double, max: Double, avg: Double, p95: Double) {
        self.min = min
        self.max = max
        self.avg = avg
        self.p95 = p95
    }

    /// The stats of one sample.
    public init(single value: Double) {
        self.init(min: value, max: value, avg: value, p95: value)
    }

    /// The stats of `values` (the 95th percentile by nearest rank); `nil` when empty.
    public static func of(_ values: [Double]) -> MetricStats? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((0.95 * Double(sorted.count)).rounded(.up)) - 1
        return MetricStats(
            min: sorted[0], max: sorted[sorted.count - 1], avg: sorted.reduce(0, +) / Double(sorted.count),
            p95: sorted[Swift.max(0, rank)])
    }

    /// The stats of several stretches together, each weighted by its sample count: the lowest
    /// minimum, the highest maximum, the weighted average, and the highest 95th percentile
    /// (the parts' samples are gone, so this bounds the true one from above).
    public static func combine(_ parts: [(stats: MetricStats, samples: Int)]) -> MetricStats? {
        guard let first = parts.first else { return nil }
        if parts.count == 1 { return first.stats }
        let weight = parts.reduce(0) { $0 + Swift.max(1, $1.samples) }
        return MetricStats(
            min: parts.map(\.stats.min).min() ?? first.stats.min, max: parts.map(\.stats.max).max() ?? first.stats.max,
            avg: parts.reduce(0) { $0 + $1.stats.avg * Double(Swift.max(1, $1.samples)) } / Double(weight),
            p95: parts.map(\.stats.p95).max() ?? first.stats.p95)
    }

    /// The same stats with every value mapped by `transform`.
    func map(_ transform: (Double) -> Double) -> MetricStats {
        MetricStats(min: transform(min), max: transform(max), avg: transform(avg), p95: transform(p95))
    }
}
