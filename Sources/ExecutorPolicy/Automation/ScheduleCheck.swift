public import Contract
public import Foundation

/// Where a run stands against the migration and blackout windows.
public enum ScheduleOutcome: Sendable, Equatable {
    /// Inside a migration window (or none is enabled) and in no blackout.
    case allowed
    case outsideWindow
    case blackout
}

/// The window check of a run: its outcome and the safety check an admin reads, e.g.
/// "inside window 'nights' (22:00–06:00 Europe/Berlin)".
public struct ScheduleVerdict: Sendable, Equatable {
    public var outcome: ScheduleOutcome
    public var check: SafetyCheck
}

/// Evaluates the enabled windows of the settings at one instant. A blackout wins over a
/// migration window; no enabled migration window means moves are allowed at any time.
public enum ScheduleCheck {
    public static func evaluate(_ settings: AutomationSettings, at now: Date) -> ScheduleVerdict {
        let zone = settings.timeZone
        if let blackout = settings.blackoutWindows.first(where: { $0.enabled && $0.contains(now, defaultTimeZone: zone) }) {
            return ScheduleVerdict(
                outcome: .blackout, check: SafetyCheck(ok: false, detail: "inside blackout window \(describe(blackout, settings.timezone))"))
        }
        let windows = settings.migrationWindows.filter(\.enabled)
        if windows.isEmpty {
            return ScheduleVerdict(outcome: .allowed, check: SafetyCheck(ok: true, detail: "no migration window set: moves are allowed at any time"))
        }
        if let window = windows.first(where: { $0.contains(now, defaultTimeZone: zone) }) {
            return ScheduleVerdict(outcome: .allowed, check: SafetyCheck(ok: true, detail: "inside window \(describe(window, settings.timezone))"))
        }
        var detail = "outside every migration window"
        if let next = nextStart(of: windows, after: now, defaultTimeZone: zone) {
            detail += "; next: '\(next.window.name)' \(AutomationText.dayClock(next.at, zone: next.window.timezone ?? settings.timezone))"
        }
        return ScheduleVerdict(outcome: .outsideWindow, check: SafetyCheck(ok: false, detail: detail))
    }

    /// "'nights' (22:00–06:00 Europe/Berlin)".
    static func describe(_ window: ScheduleWindow, _ defaultZone: String) -> String {
        "'\(window.name)' (\(window.start)–\(window.end) \(window.timezone ?? defaultZone))"
    }

    /// The soonest start of one of `windows` after `now`, within the coming 8 days.
    static func nextStart(of windows: [ScheduleWindow], after now: Date, defaultTimeZone: TimeZone) -> (window: ScheduleWindow, at: Date)? {
        var best: (window: ScheduleWindow, at: Date)?
        for window in windows {
            guard let minutes = ScheduleWindow.minutes(window.start) else { continue }
            let calendar = window.calendar(defaultTimeZone: defaultTimeZone)
            let today = calendar.startOfDay(for: now)
            for offset in 0...7 {
                guard let day = calendar.date(byAdding: .day, value: offset, to: today),
                    window.runs(on: calendar.component(.weekday, from: day)),
                    let start = calendar.date(bySettingHour: minutes / 60, minute: minutes % 60, second: 0, of: day),
                    start > now
                else { continue }
                if best.map({ start < $0.at }) ?? true { best = (window, start) }
                break
            }
        }
        return best
    }
}
