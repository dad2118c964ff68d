public import Contract
import Foundation
public import Logging
public import ProxmoxAPI
public import ProxmoxClient

/// Follows one Proxmox task to its end: polls its status and reads its log incrementally,
/// reporting migration progress as it goes. API errors while polling are logged and retried
/// (the task runs on regardless) until `timeout`.
public struct TaskFollower: Sendable {
    private let client: PVEClient
    private let pollInterval: Duration
    private let timeout: Duration
    private let logger: Logger

    public init(client: PVEClient, pollInterval: Duration, timeout: Duration, logger: Logger) {
        self.client = client
        self.pollInterval = pollInterval
        self.timeout = timeout
        self.logger = logger
    }

    /// Waits for `upid` to stop and returns how it ended; `progress` gets each new transfer figure.
    /// - Throws: `CancellationError`, or `FollowError.timedOut` when the task outlives `timeout`.
    public func follow(_ upid: PVEUPID, progress: @Sendable (MigrationTransfer) async -> Void) async throws -> TaskEnd {
        let deadline = ContinuousClock.now + timeout
        var nextLine = 0
        var abortReason: String?
        var lastProgress: MigrationTransfer?
        while true {
            do {
                let log = try await client.taskLog(upid, start: nextLine, limit: 500)
                // An empty log reads `[{n: 1, t: "no content"}]`; its real first line comes later.
                for entry in log.lines where entry.number > nextLine && !(entry.number == 1 && entry.text == "no content") {
                    nextLine = entry.number
                    switch MigrationLogEvent(line: entry.text) {
                    case .progress(let figure)?: lastProgress = Self.transfer(figure)
                    case .aborted(let reason, _)?: abortReason = reason
                    default: break
                    }
                }
                if let figure = lastProgress {
                    await progress(figure)
                    lastProgress = nil
                }
                let status = try await client.taskStatus(upid)
                if !status.isRunning {
                    // Lines written between the log read and the status read.
                    let rest = try? await client.taskLog(upid, start: nextLine, limit: 0)
                    for entry in rest?.lines ?? [] {
                        if case .aborted(let reason, _)? = MigrationLogEvent(line: entry.text) { abortReason = reason }
                    }
                    return Self.end(status, abortReason: abortReason)
                }
            } catch let error as PVEError {
                logger.warning("task poll failed; retrying", metadata: ["upid": "\(upid)", "error": "\(error)"])
            }
            guard ContinuousClock.now < deadline else { throw FollowError.timedOut(upid.rawValue) }
            try await Task.sleep(for: pollInterval)
        }
    }

    static func end(_ status: PVETaskStatus, abortReason: String?) -> TaskEnd {
        if status.isSuccess { return TaskEnd(succeeded: true, text: status.exitStatus ?? "OK") }
        let exit = status.exitStatus ?? "unexpected status"
        guard let abortReason, !abortReason.isEmpty else { return TaskEnd(succeeded: false, text: exit) }
        return TaskEnd(succeeded: false, text: "\(exit): \(abortReason)")
    }

    static func transfer(_ figure: MigrationProgress) -> MigrationTransfer {
        let phase: String
        switch figure.phase {
        case .memory: phase = "memory"
        case .disk(let job):
            // `drive-scsi0` (QEMU ≤ 9) and `mirror-scsi0` (QEMU 10) both name disk scsi0.
            let drive = ["drive-", "mirror-"].first(where: job.hasPrefix).map { String(job.dropFirst($0.count)) } ?? job
            phase = "disk:\(drive)"
        }
        return MigrationTransfer(
            phase: phase, percent: figure.percent.map { ($0 * 10).rounded() / 10 }, transferredBytes: figure.transferredBytes,
            totalBytes: figure.totalBytes, bytesPerSecond: figure.bytesPerSecond)
    }

    /// Why following stopped without an end.
    public enum FollowError: Error, CustomStringConvertible {
        case timedOut(String)

        public var description: String {
            switch self {
            case .timedOut(let upid): "task \(upid) did not end within the migration timeout"
            }
        }
    }
}
