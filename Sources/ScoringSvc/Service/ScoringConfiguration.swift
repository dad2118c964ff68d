import Foundation
import ServiceRuntime

/// Scoring's own settings (section `scoring` of the configuration file). What users tune at
/// run time (`ScoringSettings`) lives on the bus instead, under `{b}/scoring/settings`.
public struct ScoringConfiguration: Sendable {
    /// Days of per-node samples kept for trends.
    public var historyRetentionDays: Double = 7
    /// How long the metrics history keeps each tier.
    public var tiers: HistoryTiers

    public init(historyRetentionDays: Double = 7, tiers: HistoryTiers = HistoryTiers()) {
        self.historyRetentionDays = historyRetentionDays
        self.tiers = tiers
    }

    /// Reads and validates the `scoring.*` settings.
    public init(source: ConfigSource) throws {
        self.init(
            historyRetentionDays: try source.double("scoring.history_retention_days", default: 7, in: 1...90),
            tiers: HistoryTiers(
                rawHours: try source.double("scoring.history_raw_hours", default: 48, in: 6...168),
                hourlyDays: try source.double("scoring.history_hourly_days", default: 14, in: 1...90),
                sixHourlyDays: try source.double("scoring.history_six_hourly_days", default: 90, in: 7...366)))
    }

    /// The retention as a time interval.
    public var historyRetention: TimeInterval { historyRetentionDays * 86_400 }
}
