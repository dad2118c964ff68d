public import Foundation

/// Numbers, sizes and times as pbctl prints them.
public enum Format {
    /// `83.1 %`, or `–` when absent (a value that could not be measured).
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.1f %%", value)
    }

    /// `12.3` (one decimal), or `–`.
    public static func number(_ value: Double?, decimals: Int = 1) -> String {
        guard let value else { return "–" }
        return String(format: "%.\(decimals)f", value)
    }

    /// `4.0 GiB`, `512 MiB`, `800 B`.
    public static func bytes(_ value: Double?) -> String {
        guard let value else { return "–" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var amount = value
        var unit = 0
        while abs(amount) >= 1024, unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(amount)) B" : String(format: "%.1f %@", amount, units[unit])
    }

    /// `418.4 MiB/s`.
    public static func rate(_ value: Double?) -> String {
        guard let value else { return "–" }
        return bytes(value) + "/s"
    }

    /// `42 s`, `3 min`, `2 h 5 min`, `3 d 4 h`.
    public static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        switch whole {
        case ..<60: return "\(whole) s"
        case ..<3600: return "\(whole / 60) min"
        case ..<86_400: return "\(whole / 3600) h \(whole % 3600 / 60) min"
        default: return "\(whole / 86_400) d \(whole % 86_400 / 3600) h"
        }
    }

    /// A contract timestamp parsed, or `nil`.
    public static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// `5 s ago` for a timestamp, or the text as it is when it is not one.
    public static func age(_ text: String?, now: Date) -> String {
        guard let text else { return "–" }
        guard let date = date(text) else { return text }
        let seconds = now.timeIntervalSince(date)
        return seconds < 0 ? "in \(duration(-seconds))" : "\(duration(seconds)) ago"
    }

    /// `2026-11-23 08:00:00` (UTC) for a timestamp.
    public static func time(_ text: String?) -> String {
        guard let text else { return "–" }
        guard let date = date(text) else { return text }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// `[#########-----------]  41.5 %`.
    public static func bar(_ percent: Double, width: Int) -> String {
        let clamped = min(100, max(0, percent))
        let filled = Int((clamped / 100 * Double(width)).rounded())
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }
}
