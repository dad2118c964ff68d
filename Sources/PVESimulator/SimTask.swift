import Foundation

/// One line of a task log, due at a simulated time.
struct TaskLogLine: Sendable {
    var at: Double
    var text: String
}

/// What a migration task does to the cluster when it ends.
struct MigrationJob: Sendable {
    var guest: Int
    var source: Int
    var target: Int
    /// A container stopped for a restart migration (started again at the end).
    var restartsContainer: Bool
}

/// A worker task (`qmigrate`, `vzmigrate`, `hamigrate`) whose log unfolds over simulated time.
struct SimTask: Sendable {
    let upid: String
    let node: Int
    let pid: Int
    let pstart: Int
    let start: Double
    let type: String
    let id: String
    let user: String
    /// The full planned log, oldest first (lines are visible once due).
    var lines: [TaskLogLine]
    var end: Double
    /// `OK` or the error text after `TASK ERROR:`.
    var exitStatus: String
    var migration: MigrationJob?
    /// True once the end effects were applied.
    var finalized = false

    var starttime: Int { Int(start.rounded(.down)) }
    var endtime: Int { Int(end.rounded(.down)) }

    func isRunning(at t: Double) -> Bool { t < end }

    func visibleLines(at t: Double) -> [TaskLogLine] {
        if !isRunning(at: t) { return lines }
        return Array(lines.prefix { $0.at <= t })
    }

    /// `root@pam` part of `root@pam!token`.
    var userWithoutToken: String { String(user.split(separator: "!", maxSplits: 1).first ?? Substring(user)) }
    var tokenID: String? { user.contains("!") ? String(user.split(separator: "!", maxSplits: 1)[1]) : nil }

    /// `UPID:<node>:<pid>:<pstart>:<starttime>:<type>:<id>:<user>:`.
    static func upid(node: String, pid: Int, pstart: Int, starttime: Int, type: String, id: String, user: String) -> String {
        func hex(_ value: Int) -> String { String(value, radix: 16, uppercase: true).leftPadded(to: 8) }
        return "UPID:\(node):\(hex(pid)):\(hex(pstart)):\(hex(starttime)):\(type):\(id):\(user):"
    }

    /// Splits a UPID into its node name; nil when it is not a UPID.
    static func node(ofUPID upid: String) -> String? {
        let parts = upid.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 9, parts[0] == "UPID", !parts[1].isEmpty else { return nil }
        return String(parts[1])
    }
}

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
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
