import Foundation

/// What one migration task-log line means to someone following the migration: progress, or the
/// end of the migration / task. A pure parser; lines it does not recognise yield `nil`.
public enum MigrationLogEvent: Sendable, Hashable {
    /// A progress line (see `MigrationProgress`).
    case progress(MigrationProgress)
    /// `migration finished successfully (duration 00:00:18)`.
    case finished(duration: Duration?)
    /// `ERROR: migration finished with problems (duration …)`: the guest moved, cleanup failed.
    case finishedWithProblems(duration: Duration?)
    /// `ERROR: migration aborted (duration 00:00:01): <reason>`.
    case aborted(reason: String, duration: Duration?)
    /// `TASK OK`.
    case taskOK
    /// `TASK WARNINGS: N` (a success).
    case taskWarnings(Int)
    /// `TASK ERROR: <message>`.
    case taskError(String)

    /// Parses one line, with or without the `YYYY-MM-DD HH:MM:SS ` prefix.
    public init?(line: String) {
        let text = Self.stripTimestamp(line.trimmingCharacters(in: .whitespacesAndNewlines))
        if let event = Self.progress(text).map(MigrationLogEvent.progress) ?? Self.outcome(text) {
            self = event
        } else {
            return nil
        }
    }

    /// Whether the line ends the task (`TASK …`).
    public var isTaskEnd: Bool {
        switch self {
        case .taskOK, .taskWarnings, .taskError: return true
        default: return false
        }
    }

    private static func stripTimestamp(_ text: String) -> String {
        guard let match = text.prefixMatch(of: #/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /#) else { return text }
        return String(text[match.range.upperBound...])
    }

    private static func progress(_ text: String) -> MigrationProgress? {
        let bytes = PVEByteSize.parseRendered
        if let match = text.wholeMatch(
            of: #/migration [\w-]+, transferred ([0-9.]+ [KMGTP]?i?B) of ([0-9.]+ [KMGTP]?i?B) VM-state.*?, ([0-9.]+ [KMGTP]?i?B)/s.*/#),
            let transferred = bytes(String(match.1))
        {
            return MigrationProgress(
                phase: .memory, transferredBytes: transferred, totalBytes: bytes(String(match.2)),
                bytesPerSecond: bytes(String(match.3)))
        }
        if let match = text.wholeMatch(
            of:
                #/((?:drive|mirror)-[\w-]+): transferred ([0-9.]+ [KMGTP]?i?B) of ([0-9.]+ [KMGTP]?i?B) \(([0-9.]+)%\) in [^,]*(, ready|, still busy)?/#
        ),
            let transferred = bytes(String(match.2))
        {
            return MigrationProgress(
                phase: .disk(String(match.1)), transferredBytes: transferred, totalBytes: bytes(String(match.3)),
                percent: Double(match.4), isReady: match.5 != nil)
        }
        if let match = text.wholeMatch(
            of: #/migration status: active \(transferred (\d+), remaining \d+\), total (\d+)\)/#),
            let transferred = Int(match.1)
        {
            return MigrationProgress(phase: .memory, transferredBytes: transferred, totalBytes: Int(match.2))
        }
        if let match = text.wholeMatch(
            of: #/(drive-[\w-]+): transferred: (\d+) bytes remaining: \d+ bytes total: (\d+) bytes progression: ([0-9.]+) % busy: \d+ ready: (\d+).*/#
        ),
            let transferred = Int(match.2)
        {
            return MigrationProgress(
                phase: .disk(String(match.1)), transferredBytes: transferred, totalBytes: Int(match.3),
                percent: Double(match.4), isReady: match.5 == "1")
        }
        return nil
    }

    private static func outcome(_ text: String) -> MigrationLogEvent? {
        if text == "TASK OK" { return .taskOK }
        if let match = text.wholeMatch(of: #/TASK WARNINGS: (\d+)/#) { return .taskWarnings(Int(match.1) ?? 0) }
        if let match = text.wholeMatch(of: #/TASK ERROR: (.*)/#) { return .taskError(String(match.1)) }
        if let match = text.wholeMatch(of: #/migration finished successfull?y \(duration ([0-9:]+)\)/#) {
            return .finished(duration: duration(match.1))
        }
        if let match = text.wholeMatch(of: #/ERROR: migration finished with problems \(duration ([0-9:]+)\)/#) {
            return .finishedWithProblems(duration: duration(match.1))
        }
        if let match = text.wholeMatch(of: #/ERROR: migration aborted \(duration ([0-9:]+)\): (.*)/#) {
            return .aborted(reason: String(match.2), duration: duration(match.1))
        }
        return nil
    }

    /// `00:01:05` → 65 seconds.
    private static func duration(_ text: Substring) -> Duration? {
        let parts = text.split(separator: ":").map { Int($0) }
        guard parts.count == 3, let hours = parts[0], let minutes = parts[1], let seconds = parts[2] else { return nil }
        return .seconds(hours * 3600 + minutes * 60 + seconds)
    }
}
