public import Contract
public import Foundation

/// The allowed values of the automation settings, and the checks of an update in their words.
extension AutomationSettings {
    /// The most windows of each kind.
    public static let maximumWindows = 20
    /// Allowed range of `min_confidence`.
    public static let confidenceRange: ClosedRange<Double> = 0...100

    /// Refuses values out of range, an unknown time zone and invalid windows, naming the key.
    public func validate() throws(ReplyError) {
        for field in Self.integerFields { try InputCheck.integer(self[keyPath: field.path], field.key, in: field.range) }
        try InputCheck.number(minConfidence, "min_confidence", in: Self.confidenceRange)
        try InputCheck.text(timezone, "timezone", length: ScheduleWindow.timezoneLength)
        guard TimeZone(identifier: timezone) != nil else {
            throw .invalid("timezone: unknown time zone '\(timezone)' (an IANA name such as Europe/Berlin)")
        }
        for (key, windows) in [("migration_windows", migrationWindows), ("blackout_windows", blackoutWindows)] {
            try InputCheck.count(windows.count, key, atMost: Self.maximumWindows)
            for (index, window) in windows.enumerated() { try window.validate(at: JSONKey.path(key, index: index)) }
        }
    }

    /// Refuses a value of an update (before it is merged, see `SettingsPatch.check`) that has
    /// the wrong type or is out of range, in the words of its key: an integer in range (not
    /// `2.5` or `1e300`), true or false, a time zone name, a list of at most 20 windows.
    public static func checkUpdate(_ update: [String: JSONValue]) throws(ReplyError) {
        for (key, value) in update.sorted(by: { $0.key < $1.key }) {
            if let field = integerFields.first(where: { $0.key == key }) {
                _ = try InputCheck.integer(value, key, in: field.range)
            } else if booleanKeys.contains(key) {
                guard case .bool = value else { throw .invalid("\(key): must be true or false, got \(InputCheck.describe(value))") }
            } else if key == "min_confidence" {
                _ = try InputCheck.number(value, key, in: confidenceRange)
            } else if key == "timezone" {
                guard case .string = value else {
                    throw .invalid("timezone: must be an IANA time zone name such as Europe/Berlin, got \(InputCheck.describe(value))")
                }
            } else if windowKeys.contains(key) {
                guard case .array(let items) = value else {
                    throw .invalid("\(key): must be a list of windows {name, days, start, end, timezone}, got \(InputCheck.describe(value))")
                }
                try InputCheck.count(items.count, key, atMost: maximumWindows)
            }
        }
    }

    /// The keys holding lists of windows.
    public static let windowKeys = ["migration_windows", "blackout_windows"]

    /// The keys holding true or false.
    static let booleanKeys = [
        "enabled", "dry_run", "cooldown_escalation", "rollback_detection", "risk_gate", "require_auto_migrate_ok_tag",
        "include_distribution_balancing", "abort_on_failure",
    ]

    /// The integer settings with their JSON key and allowed range.
    static var integerFields: [(key: String, path: KeyPath<Self, Int>, range: ClosedRange<Int>)] {
        [
            ("check_interval_seconds", \.checkIntervalSeconds, 10...86400),
            ("max_migrations_per_run", \.maxMigrationsPerRun, 1...50),
            ("max_concurrent", \.maxConcurrent, 1...10),
            ("cooldown_minutes", \.cooldownMinutes, 0...10080),
            ("rollback_window_hours", \.rollbackWindowHours, 1...168),
            ("observation_periods", \.observationPeriods, 1...50),
            ("migration_timeout_seconds", \.migrationTimeoutSeconds, 60...86400),
        ]
    }
}
