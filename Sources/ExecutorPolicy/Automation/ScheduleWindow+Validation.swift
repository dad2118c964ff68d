public import Contract
public import Foundation

extension ScheduleWindow {
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
}
