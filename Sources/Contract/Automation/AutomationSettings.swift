import Foundation

/// How the executor's automation behaves. Echoed retained on `{b}/executor/settings`; changed
/// with partial updates (a `SettingsPatch`). Every key is optional when decoding: a missing one
/// takes its default.
public struct AutomationSettings: Codable, Sendable, Equatable {
    /// Runs start on their own only when true (a run requested by hand ignores it).
    public var enabled = false
    /// Decide and record, never migrate.
    public var dryRun = true
    /// Seconds between runs, 10…86400.
    public var checkIntervalSeconds = 300
    /// IANA time zone of windows that name none.
    public var timezone = "UTC"
    /// Moves only inside one of the enabled windows; none enabled means always.
    public var migrationWindows: [ScheduleWindow] = []
    /// No move inside any enabled one; wins over migration windows.
    public var blackoutWindows: [ScheduleWindow] = []
    /// 1…50.
    public var maxMigrationsPerRun = 3
    /// Migrations running at once in the cluster, counting ones started elsewhere; 1…10.
    public var maxConcurrent = 1
    /// Minutes a guest rests after a migration, 0…10080.
    public var cooldownMinutes = 30
    /// Multiplies the cooldown by min(8, 2^(n−1)) for a guest migrated n > 1 times in 7 days.
    public var cooldownEscalation = true
    /// Refuses to send a guest back to a node it left within `rollback_window_hours`.
    public var rollbackDetection = true
    /// 1…168.
    public var rollbackWindowHours = 24
    /// Consecutive plans a move must appear in before it runs, 1…50.
    public var observationPeriods = 3
    /// 0…100.
    public var minConfidence = 75.0
    /// Confidence bars by risk: above 50 at least 90, at or below 25 `min_confidence` − 10 (at
    /// least 50). Off, every move needs `min_confidence`. Above risk 75 nothing is automated either way.
    public var riskGate = true
    /// Whitelist mode: only guests tagged `auto-migrate-ok` move.
    public var requireAutoMigrateOKTag = false
    /// Distribution-balancing moves run too.
    public var includeDistributionBalancing = true
    /// A failed migration ends the run.
    public var abortOnFailure = true
    /// Seconds a migration may take before it counts as failed, 60…86400.
    public var migrationTimeoutSeconds = 7200

    public init() {}

    enum CodingKeys: String, CodingKey {
        case enabled, dryRun, checkIntervalSeconds, timezone, migrationWindows, blackoutWindows, maxMigrationsPerRun
        case maxConcurrent, cooldownMinutes, cooldownEscalation, rollbackDetection, rollbackWindowHours
        case observationPeriods, minConfidence, riskGate, includeDistributionBalancing, abortOnFailure
        case migrationTimeoutSeconds
        /// Spelled so that snake_case `require_auto_migrate_ok_tag` round-trips.
        case requireAutoMigrateOKTag = "requireAutoMigrateOkTag"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        let defaults = Self()
        enabled = try value(.enabled, defaults.enabled)
        dryRun = try value(.dryRun, defaults.dryRun)
        checkIntervalSeconds = try value(.checkIntervalSeconds, defaults.checkIntervalSeconds)
        timezone = try value(.timezone, defaults.timezone)
        migrationWindows = try value(.migrationWindows, defaults.migrationWindows)
        blackoutWindows = try value(.blackoutWindows, defaults.blackoutWindows)
        maxMigrationsPerRun = try value(.maxMigrationsPerRun, defaults.maxMigrationsPerRun)
        maxConcurrent = try value(.maxConcurrent, defaults.maxConcurrent)
        cooldownMinutes = try value(.cooldownMinutes, defaults.cooldownMinutes)
        cooldownEscalation = try value(.cooldownEscalation, defaults.cooldownEscalation)
        rollbackDetection = try value(.rollbackDetection, defaults.rollbackDetection)
        rollbackWindowHours = try value(.rollbackWindowHours, defaults.rollbackWindowHours)
        observationPeriods = try value(.observationPeriods, defaults.observationPeriods)
        minConfidence = try value(.minConfidence, defaults.minConfidence)
        riskGate = try value(.riskGate, defaults.riskGate)
        requireAutoMigrateOKTag = try value(.requireAutoMigrateOKTag, defaults.requireAutoMigrateOKTag)
        includeDistributionBalancing = try value(.includeDistributionBalancing, defaults.includeDistributionBalancing)
        abortOnFailure = try value(.abortOnFailure, defaults.abortOnFailure)
        migrationTimeoutSeconds = try value(.migrationTimeoutSeconds, defaults.migrationTimeoutSeconds)
    }

    /// The settings' time zone (UTC when the name is unknown; `validate()` refuses that).
    public var timeZone: TimeZone { TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC")! }
}
