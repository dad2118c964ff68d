import Contract
import Foundation

/// The small formatting the automation's sentences share: clock times, durations, numbers.
package enum AutomationText {
    /// "10:42 UTC", "22:00 Europe/Berlin": the time in the zone named `zone` (an IANA name,
    /// shown as given: Foundation would call UTC "GMT").
    static func clock(_ date: Date, zone: String) -> String {
        let parts = calendar(zone).dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d ", parts.hour ?? 0, parts.minute ?? 0) + zone
    }

    /// "Mon 22:00 Europe/Berlin".
    static func dayClock(_ date: Date, zone: String) -> String {
        let weekday = calendar(zone).component(.weekday, from: date)
        let day = String(ScheduleWindow.dayNames[(weekday - 1) % 7].prefix(3)).capitalized
        return "\(day) \(clock(date, zone: zone))"
    }

    /// "12 min", "5 h", "3 d" (rounded down; under a minute is "0 min").
    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int(max(0, seconds) / 60)
        if minutes < 120 { return "\(minutes) min" }
        if minutes < 48 * 60 { return "\(minutes / 60) h" }
        return "\(minutes / 1440) d"
    }

    /// A score with at most one decimal: "88", "62.5".
    static func number(_ value: Double) -> String {
        String(format: "%g", (value * 10).rounded() / 10)
    }

    /// "1 move", "3 moves".
    package static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    private static func calendar(_ zone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(secondsFromGMT: 0)!
        return calendar
    }
}
