public import Foundation

/// How a guest's load behaves over its history.
public enum GuestBehaviour: String, Codable, Sendable, CaseIterable {
    case steady
    /// Relative growth of at least 1 % per day with a trustworthy fit.
    case growing
    /// Short spikes: the 95th percentile above twice the median, or a coefficient of variation above 0.5.
    case bursty
    /// A daily or weekly cycle.
    case cyclical
}

/// A guest's CPU trend, its growth relative to its own mean and its behaviour.
public struct GuestTrend: Codable, Sendable, Equatable {
    public var cpu: MetricTrend
    /// CPU growth in % of the guest's mean CPU per day.
    public var growthPctPerDay: Double
    public var behaviour: GuestBehaviour

    public init(cpu: MetricTrend, growthPctPerDay: Double, behaviour: GuestBehaviour) {
        self.cpu = cpu
        self.growthPctPerDay = growthPctPerDay
        self.behaviour = behaviour
    }

    /// Relative growth per day (%) from which a guest is growing.
    public static let growingPctPerDay = 1.0

    /// The trend of a guest's CPU `series` as of `now`; `nil` with too few samples.
    public static func analyze(cpu series: [TrendPoint], now: Date) -> GuestTrend? {
        guard let cpu = TrendEngine.analyze(series, now: now) else { return nil }
        let values = series.map(\.value).sorted()
        let mean = values.reduce(0, +) / Double(values.count)
        let growth = mean > 0 ? cpu.ratePerDay / mean * 100 : 0
        let median = values[values.count / 2]
        let p95 = values[min(values.count - 1, Int((Double(values.count) * 0.95).rounded(.down)))]
        let cv = mean > 0 ? (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot() / mean : 0
        let behaviour: GuestBehaviour =
            if cpu.confidence > .low, growth >= growingPctPerDay {
                .growing
            } else if cpu.dailyCycle != nil || cpu.weeklyCycle != nil {
                .cyclical
            } else if p95 > 2 * median || cv > 0.5 {
                .bursty
            } else {
                .steady
            }
        return GuestTrend(cpu: cpu, growthPctPerDay: growth, behaviour: behaviour)
    }
}
