import Foundation
import ServiceRuntime

/// Scoring's own settings (section `scoring` of the configuration file). What users tune at
/// run time (`ScoringSettings`) lives on the bus instead, under `{b}/scoring/settings`.
public struct ScoringConfiguration: Sendable {
    /// Days of per-node samples kept for trends.
    public var historyRetentionDays: Double = 7

    public init(historyRetentionDays: Double = 7) {
        self.historyRetentionDays = historyRetentionDays
    }

    /// Reads and validates the `scoring.*` settings.
    public init(source: ConfigSource) throws {
        self.init(historyRetentionDays: try source.double("scoring.history_retention_days", default: 7, in: 1...90))
    }

    /// The retention as a time interval.
    public var historyRetention: TimeInterval { historyRetentionDays * 86_400 }
}
