public import Contract
public import Foundation

/// When a window is open: its days and clock times in its time zone.
extension ScheduleWindow {
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
