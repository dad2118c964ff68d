/// A node's condition from its trends, which drives the urgency of moves off it.
public enum NodeTrendState: String, Codable, Sendable, CaseIterable {
    /// Above the threshold now and over the last 6 hours.
    case overloaded
    /// A trustworthy rise crosses the threshold within the forecast horizon.
    case trendingTowardOverload = "trending_toward_overload"
    /// Within `hotMargin` points of the threshold (or above it only briefly) and not rising.
    case stableButHot = "stable_but_hot"
    case normal

    /// Points under the threshold from which a node counts as hot.
    public static let hotMargin = 10.0

    /// The urgency of moves off a node in this state.
    public var urgencyRank: Int {
        switch self {
        case .overloaded: 3
        case .trendingTowardOverload: 2
        case .stableButHot: 1
        case .normal: 0
        }
    }

    /// The state of one metric's `trend` against `threshold`, looking `horizonHours` ahead.
    public static func of(_ trend: MetricTrend, threshold: Double, horizonHours: Double) -> NodeTrendState {
        if trend.current >= threshold, trend.recent >= threshold { return .overloaded }
        if trend.direction.isIncreasing, let hours = trend.hoursToThreshold, hours <= horizonHours { return .trendingTowardOverload }
        if trend.recent >= threshold - hotMargin || trend.current >= threshold { return .stableButHot }
        return .normal
    }
}
