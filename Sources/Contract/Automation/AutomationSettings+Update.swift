import Foundation

extension AutomationSettings {
    /// These settings with a partial update applied: only the keys present change. Refuses a
    /// payload that is not a JSON object (`malformed`), an unknown key (a close one suggested), a
    /// value of the wrong type or out of range, and an invalid window (`invalid`, naming the
    /// JSON key, e.g. `migration_windows[0].start`). An `id` key (every request carries one) is
    /// ignored.
    public func applying(_ update: Data) throws(ReplyError) -> AutomationSettings {
        guard let payload = try? JSONDecoder().decode(JSONValue.self, from: update), case .object(var fields) = payload else {
            throw .malformed("a settings update is a JSON object, e.g. {\"dry_run\": false}")
        }
        try RequestID.strip(&fields)
        try InputCheck.knownKeys(fields, allowed: Self.keys)
        var updated = self
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            try updated.set(key, value)
        }
        try updated.validate()
        return updated
    }

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

    private mutating func set(_ key: String, _ value: JSONValue) throws(ReplyError) {
        if let field = Self.integerFields.first(where: { $0.key == key }) {
            self[keyPath: field.path] = try InputCheck.integer(value, key, in: field.range)
        } else if let field = Self.boolFields.first(where: { $0.key == key }) {
            guard case .bool(let flag) = value else { throw .invalid("\(key): must be true or false, got \(InputCheck.describe(value))") }
            self[keyPath: field.path] = flag
        } else if key == "min_confidence" {
            minConfidence = try InputCheck.number(value, key, in: Self.confidenceRange)
        } else if key == "timezone" {
            guard case .string(let name) = value else {
                throw .invalid("timezone: must be an IANA time zone name such as Europe/Berlin, got \(InputCheck.describe(value))")
            }
            timezone = name
        } else if key == "migration_windows" {
            migrationWindows = try Self.windows(key, value)
        } else if key == "blackout_windows" {
            blackoutWindows = try Self.windows(key, value)
        }
    }

    private static func windows(_ key: String, _ value: JSONValue) throws(ReplyError) -> [ScheduleWindow] {
        guard case .array(let items) = value else {
            throw .invalid("\(key): must be a list of windows {name, days, start, end, timezone}, got \(InputCheck.describe(value))")
        }
        try InputCheck.count(items.count, key, atMost: maximumWindows)
        var windows: [ScheduleWindow] = []
        for (index, item) in items.enumerated() {
            let path = JSONKey.path(key, index: index)
            guard case .object(let object) = item else { throw .invalid("\(path): must be an object, got \(InputCheck.describe(item))") }
            try InputCheck.knownKeys(object, allowed: ScheduleWindow.keys, at: path)
            windows.append(try ValueDecoding.decode(ScheduleWindow.self, from: item, at: path))
        }
        return windows
    }

    /// Every key a settings update may carry.
    private static var keys: [String] {
        integerFields.map(\.key) + boolFields.map(\.key) + ["min_confidence", "timezone", "migration_windows", "blackout_windows"]
    }

    /// The integer settings with their JSON key and allowed range.
    private static var integerFields: [(key: String, path: WritableKeyPath<Self, Int>, range: ClosedRange<Int>)] {
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

    private static var boolFields: [(key: String, path: WritableKeyPath<Self, Bool>)] {
        [
            ("enabled", \.enabled), ("dry_run", \.dryRun), ("cooldown_escalation", \.cooldownEscalation),
            ("rollback_detection", \.rollbackDetection), ("risk_gate", \.riskGate),
            ("require_auto_migrate_ok_tag", \.requireAutoMigrateOKTag),
            ("include_distribution_balancing", \.includeDistributionBalancing), ("abort_on_failure", \.abortOnFailure),
        ]
    }
}
