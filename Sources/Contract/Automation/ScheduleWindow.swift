import Foundation

/// A weekly time range, used for migration windows (moves allowed) and blackout windows
/// (moves forbidden). `22:00`–`02:00` on `monday` covers Monday 22:00 to Tuesday 02:00: the days
/// name the day a window starts. `start == end` is the whole day.
public struct ScheduleWindow: Codable, Sendable, Equatable {
    public var name: String
    public var enabled: Bool
    /// Lowercase English day names (`monday` … `sunday`); empty is every day.
    public var days: [String]
    /// `HH:MM`, 24-hour.
    public var start: String
    public var end: String
    /// An IANA name; absent means the settings' time zone.
    public var timezone: String?

    /// The day names a window may use, in `Calendar.weekday` order (1 = Sunday).
    public static let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    public init(name: String, enabled: Bool = true, days: [String] = [], start: String, end: String, timezone: String? = nil) {
        self.name = name
        self.enabled = enabled
        self.days = days
        self.start = start
        self.end = end
        self.timezone = timezone
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        days = try container.decodeIfPresent([String].self, forKey: .days) ?? []
        start = try container.decode(String.self, forKey: .start)
        end = try container.decode(String.self, forKey: .end)
        timezone = try container.decodeIfPresent(String.self, forKey: .timezone)
    }

    /// The JSON keys of a window.
    public static let keys = ["name", "enabled", "days", "start", "end", "timezone"]
    /// Allowed length of `name`.
    public static let nameLength = 1...64
    /// Allowed length of a time zone name.
    public static let timezoneLength = 1...64

    /// Refuses a name that is empty or too long, a bad time, an unknown or repeated day or an
    /// unknown time zone, naming the key under `path` (`migration_windows[0].start`).
    public func validate(at path: String) throws(ReplyError) {
        try InputCheck.text(name, JSONKey.path(path, "name"), length: Self.nameLength)
        for (field, value) in [("start", start), ("end", end)] where Self.minutes(value) == nil {
            throw .invalid("\(JSONKey.path(path, field)): '\(value.prefix(64))' is not a time (HH:MM, 00:00–23:59)")
        }
        try InputCheck.count(days.count, JSONKey.path(path, "days"), atMost: Self.dayNames.count)
        if let day = days.first(where: { !Self.dayNames.contains($0.lowercased()) }) {
            throw .invalid("\(JSONKey.path(path, "days")): unknown day '\(day.prefix(64))' (monday … sunday)")
        }
        if let timezone {
            try InputCheck.text(timezone, JSONKey.path(path, "timezone"), length: Self.timezoneLength)
            guard TimeZone(identifier: timezone) != nil else {
                throw .invalid("\(JSONKey.path(path, "timezone")): unknown time zone '\(timezone)' (an IANA name such as Europe/Berlin)")
            }
        }
    }

    /// Whether `date` falls inside the window, in its own time zone or `defaultTimeZone`.
    /// Ignores `enabled` (callers skip disabled windows); an invalid window contains nothing.
    public func contains(_ date: Date, defaultTimeZone: TimeZone) -> Bool {
        guard let from = Self.minutes(start), let to = Self.minutes(end) else { return false }
        let calendar = calendar(defaultTimeZone: defaultTimeZone)
        let parts = calendar.dateComponents([.hour, .minute, .weekday], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let today = parts.weekday ?? 1
        let yesterday = (today + 5) % 7 + 1
        if from == to { return runs(on: today) }
        if from < to { return runs(on: today) && minute >= from && minute < to }
        return (runs(on: today) && minute >= from) || (runs(on: yesterday) && minute < to)
    }

    /// The window's time zone: its own when valid, else `defaultTimeZone`.
    public func timeZone(default defaultTimeZone: TimeZone) -> TimeZone {
        timezone.flatMap(TimeZone.init(identifier:)) ?? defaultTimeZone
    }

    /// A Gregorian calendar in the window's time zone.
    public func calendar(defaultTimeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone(default: defaultTimeZone)
        return calendar
    }

    /// Whether the window starts on `weekday` (1 = Sunday).
    public func runs(on weekday: Int) -> Bool {
        days.isEmpty || days.contains { $0.lowercased() == Self.dayNames[(weekday - 1) % 7] }
    }

    /// Minutes after midnight of `HH:MM`, or nil when it is not a valid time.
    public static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }
}
