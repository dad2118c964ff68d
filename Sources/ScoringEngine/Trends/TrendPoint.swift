public import Foundation

/// One observation of a metric: when, and its value.
public struct TrendPoint: Sendable, Equatable {
    public var at: Date
    public var value: Double

    public init(at: Date, value: Double) {
        self.at = at
        self.value = value
    }
}

/// How much history stands behind a trend: its samples, their span and the stretches without any.
public struct TrendCoverage: Codable, Sendable, Equatable {
    public var samples: Int
    public var spanHours: Double
    /// Hours inside stretches without samples (longer than twice the usual spacing and 2 h).
    public var gapHours: Double
    /// Number of such stretches.
    public var gaps: Int

    public init(samples: Int, spanHours: Double, gapHours: Double, gaps: Int) {
        self.samples = samples
        self.spanHours = spanHours
        self.gapHours = gapHours
        self.gaps = gaps
    }

    /// The coverage of `points`, sorted by time.
    public static func of(_ points: [TrendPoint]) -> TrendCoverage {
        guard let first = points.first, let last = points.last else { return TrendCoverage(samples: 0, spanHours: 0, gapHours: 0, gaps: 0) }
        let spacings = zip(points.dropFirst(), points).map { $0.at.timeIntervalSince($1.at) }
        let usual = spacings.isEmpty ? 0 : spacings.sorted()[spacings.count / 2]
        let limit = max(2 * usual, 7200)
        let gaps = spacings.filter { $0 > limit }
        return TrendCoverage(
            samples: points.count, spanHours: last.at.timeIntervalSince(first.at) / 3600,
            gapHours: gaps.reduce(0) { $0 + ($1 - usual) } / 3600, gaps: gaps.count)
    }
}
