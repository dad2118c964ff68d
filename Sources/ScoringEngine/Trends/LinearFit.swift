public import Foundation

/// A least-squares line through a series, in units per day. Pure.
public struct LinearFit: Sendable, Equatable {
    /// Units per day.
    public var slopePerDay: Double
    /// The fitted value at `origin`.
    public var intercept: Double
    /// Share of the variance the line explains, 0–1 (0 for a flat series or a single instant).
    public var r2: Double
    public var origin: Date

    /// The fitted value at `date`.
    public func value(at date: Date) -> Double {
        intercept + slopePerDay * date.timeIntervalSince(origin) / 86_400
    }

    /// The fit of `values` at `dates` (same count, at least two); `nil` for fewer.
    public init?(dates: [Date], values: [Double]) {
        guard dates.count >= 2, dates.count == values.count, let origin = dates.min() else { return nil }
        let n = Double(dates.count)
        let days = dates.map { $0.timeIntervalSince(origin) / 86_400 }
        let meanX = days.reduce(0, +) / n
        let meanY = values.reduce(0, +) / n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for (x, y) in zip(days, values) {
            sxx += (x - meanX) * (x - meanX)
            syy += (y - meanY) * (y - meanY)
            sxy += (x - meanX) * (y - meanY)
        }
        slopePerDay = sxx > 0 ? sxy / sxx : 0
        intercept = meanY - slopePerDay * meanX
        r2 = sxx > 0 && syy > 0 ? min(1, sxy * sxy / (sxx * syy)) : 0
        self.origin = origin
    }
}
