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
