public import Foundation

/// A node's usual CPU at one hour of the day (UTC), from its stored samples at that hour.
public struct HourlyBaseline: Codable, Sendable, Equatable {
    public var meanPct: Double
    /// Population standard deviation.
    public var deviationPct: Double
    public var samples: Int

    public init(meanPct: Double, deviationPct: Double, samples: Int) {
        self.meanPct = meanPct
        self.deviationPct = deviationPct
        self.samples = samples
    }

    /// Fewer samples than this give no baseline.
    public static let minimumSamples = 3

    /// The UTC hour of day (0–23) of `date`, the key of a baseline.
    public static func hour(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 3600).rounded(.down)) % 24
    }

    /// Whether `cpuPct` is usual for this hour: at most `sigma` deviations above the mean.
    public func isUsual(_ cpuPct: Double, sigma: Double) -> Bool {
        cpuPct <= meanPct + sigma * deviationPct
    }
}
