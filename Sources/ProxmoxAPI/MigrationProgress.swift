import Foundation

/// How far a migration has got, read from one `qmigrate`/`vzmigrate` task-log line.
public struct MigrationProgress: Sendable, Hashable {
    /// What is being transferred.
    public enum Phase: Sendable, Hashable {
        /// RAM and device state of a live migration.
        case memory
        /// A disk mirror job (`drive-scsi0`, `mirror-scsi0` since PVE 9).
        case disk(String)
    }

    public var phase: Phase
    public var transferredBytes: Int
    /// The RAM size (memory) or disk size; `nil` when the line does not say.
    public var totalBytes: Int?
    /// Current transfer rate (memory lines of PVE 7+ only).
    public var bytesPerSecond: Int?
    /// 0…100: from the line for disks, `transferred / total` (capped at 100) for memory.
    public var percent: Double?
    /// A disk mirror reported `ready` (in sync, waiting for the switch-over).
    public var isReady: Bool

    public init(
        phase: Phase, transferredBytes: Int, totalBytes: Int?, bytesPerSecond: Int? = nil,
        percent: Double? = nil, isReady: Bool = false
    ) {
        self.phase = phase
        self.transferredBytes = transferredBytes
        self.totalBytes = totalBytes
        self.bytesPerSecond = bytesPerSecond
        self.percent =
            percent
            ?? totalBytes.flatMap { total in
                total > 0 ? min(100, Double(transferredBytes) * 100 / Double(total)) : nil
            }
        self.isReady = isReady
    }

    /// The progress a task-log line reports, or `nil` if it is not a progress line. Understands
    /// `migration active, transferred 1.1 GiB of 4.0 GiB VM-state, 399.1 MiB/s`,
    /// `drive-scsi0: transferred 20.1 GiB of 32.0 GiB (62.81%) in 1m 31s[, ready]` (also
    /// `mirror-…`), and the PVE ≤ 6 forms `migration status: active (transferred N, remaining N),
    /// total N)` and `drive-scsi0: transferred: N bytes remaining: N bytes total: N bytes …`.
    public init?(line: String) {
        guard case .progress(let progress) = MigrationLogEvent(line: line) else { return nil }
        self = progress
    }
}
