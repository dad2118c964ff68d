import Foundation

/// Formatting shared by task logs (Proxmox `render_bytes`, durations, timestamps).
enum TaskLogFormat {
    /// `render_bytes` with one decimal: `357.9 MiB`, `4.0 GiB`.
    static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var v = max(0, value)
        var unit = 0
        while v >= 1024, unit < units.count - 1 {
            v /= 1024
            unit += 1
        }
        return String(format: "%.1f", v) + " " + units[unit]
    }

    /// `HH:MM:SS` of a duration in seconds.
    static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.rounded(.down)))
        return String(format: "%02d:%02d:%02d", total / 3600, (total / 60) % 60, total % 60)
    }

    /// `YYYY-MM-DD HH:MM:SS ` prefix (UTC) of a log line.
    static func timestamp(_ t: Double) -> String {
        var seconds = time_t(t.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// The closing lines of an aborted migration: `ERROR: migration aborted (duration …): reason`
    /// then `TASK ERROR: migration aborted`.
    static func abortedMigration(start: Double, at t: Double, reason: String) -> [TaskLogLine] {
        [
            TaskLogLine(at: t, text: timestamp(t) + " ERROR: migration aborted (duration \(duration(t - start))): \(reason)"),
            TaskLogLine(at: t, text: "TASK ERROR: migration aborted"),
        ]
    }
}
