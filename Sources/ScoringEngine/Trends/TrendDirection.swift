/// Where a metric is heading, from its fitted slope, its fit quality, its cycles and its spread.
public enum TrendDirection: String, Codable, Sendable, CaseIterable {
    /// At least 3 points per day up, with a trustworthy fit.
    case sustainedIncrease = "sustained_increase"
    /// At least 0.5 points per day up, with a trustworthy fit.
    case rising
    case stable
    /// At least 0.5 points per day down, with a trustworthy fit.
    case falling
    /// At least 3 points per day down, with a trustworthy fit.
    case sustainedDecrease = "sustained_decrease"
    /// No trustworthy slope and a coefficient of variation above 0.35.
    case volatile
    /// No trustworthy slope and a daily or weekly cycle.
    case cyclical

    /// Whether the metric is heading up.
    public var isIncreasing: Bool { self == .sustainedIncrease || self == .rising }
}

/// How far a fitted slope can be trusted: high with R² ≥ 0.7 and 12 samples, medium with
/// R² ≥ 0.4 and 4 samples.
public enum TrendConfidence: String, Codable, Sendable, CaseIterable, Comparable {
    case low, medium, high

    public init(r2: Double, samples: Int) {
        self = r2 >= 0.7 && samples >= 12 ? .high : r2 >= 0.4 && samples >= 4 ? .medium : .low
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
