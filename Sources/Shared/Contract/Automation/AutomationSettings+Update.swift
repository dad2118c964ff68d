import Foundation

extension AutomationSettings {
    /// These settings with a partial update applied: only the keys present change. Refuses a
    /// payload that is not a JSON object (`malformed`), an unknown key, a value of the wrong type
    /// or out of range, and an invalid window (`invalid`, naming the key or the window). An `id`
    /// key (every request carries one) is ignored.
    public func applying(_ update: Data) throws(ReplyError) -> AutomationSettings {
        guard let payload = try? JSONDecoder().decode(JSONValue.self, from: update), case .object(let fields) = payload else {
            throw .malformed("a settings update is a JSON object, e.g. {\"dry_run\": false}")
        }
        var updated = self
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) where key != "id" {
            try updated.set(key, value)
        }
        try updated.validate()
        return updated
    }

    /// Refuses values out of range, an unknown time zone and invalid windows, naming the key or
    /// the window.
    public func validate() throws(ReplyError) {
        for field in Self.integerFields where !field.range.contains(self[keyPath: field.path]) {
            throw .invalid("\(field.key) must be from \(field.range.lowerBound) to \(field.range.upperBound) (got \(self[keyPath: field.path]))")
        }
        guard (0...100).contains(minConfidence) else {
            throw .invalid("min_confidence must be from 0 to 100 (got \(String(format: "%g", minConfidence)))")
        }
        guard TimeZone(identifier: timezone) != nil else {
            throw .invalid("timezone: unknown time zone '\(timezone)' (an IANA name such as Europe/Berlin)")
        }
        for window in migrationWindows { try window.validate(as: "migration window") }
        for window in blackoutWindows { try window.validate(as: "blackout window") }
    }

    private mutating func set(_ key: String, _ value: JSONValue) throws(ReplyError) {
        if let field = Self.integerFields.first(where: { $0.key == key }) {
            guard case .number(let number) = value, let integer = Int(exactly: number) else {
                throw .invalid("\(key) must be an integer from \(field.range.lowerBound) to \(field.range.upperBound)")
            }
            self[keyPath: field.path] = integer
        } else if let field = Self.boolFields.first(where: { $0.key == key }) {
            guard case .bool(let flag) = value else { throw .invalid("\(key) must be true or false") }
            self[keyPath: field.path] = flag
        } else if key == "min_confidence" {
            guard case .number(let number) = value else { throw .invalid("min_confidence must be a number from 0 to 100") }
            minConfidence = number
        } else if key == "timezone" {
            guard case .string(let name) = value else { throw .invalid("timezone must be an IANA time zone name such as Europe/Berlin") }
            timezone = name
        } else if key == "migration_windows" {
            migrationWindows = try Self.windows(key, value)
        } else if key == "blackout_windows" {
            blackoutWindows = try Self.windows(key, value)
        } else {
            throw .invalid("unknown setting '\(key)'")
        }
    }

    private static func windows(_ key: String, _ value: JSONValue) throws(ReplyError) -> [ScheduleWindow] {
        do {
            return try MessageCoding.decode([ScheduleWindow].self, from: JSONEncoder().encode(value))
        } catch {
            throw .invalid("\(key) must be a list of windows {name, days, start, end, timezone}: \(error)")
        }
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
