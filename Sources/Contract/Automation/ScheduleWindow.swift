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
}
