import Foundation
import ProxmoxAPI
import ScoringEngine
import TestSupport
import Testing

@Suite("PVE migration task-log parsing")
struct PVEMigrationLogTests {
    private func events(_ file: String) throws -> [MigrationLogEvent] {
        try Fixtures.text(file).split(whereSeparator: \.isNewline).compactMap { MigrationLogEvent(line: String($0)) }
    }

    private func memoryProgress(_ events: [MigrationLogEvent]) -> [MigrationProgress] {
        events.compactMap {
            if case .progress(let progress) = $0, progress.phase == .memory { return progress }
            return nil
        }
    }

    static var taskLogFiles: [String] {
        ((try? Fixtures.allNames()) ?? []).filter { $0.hasPrefix("task-log-") }
    }

    @Test("every task-log fixture ends the task and its progress never goes backwards", arguments: taskLogFiles)
    func everyTaskLog(file: String) throws {
        let parsed = try events(file)
        #expect(parsed.last?.isTaskEnd == true)
        let transferred = memoryProgress(parsed).map(\.transferredBytes)
        #expect(transferred == transferred.sorted())
    }

    @Test("there are task-log fixtures to check")
    func taskLogsPresent() {
        #expect(Self.taskLogFiles.count == 4)
    }

    @Test("online HA migration: progress with totals and speed, then success")
    func onlineMigration() throws {
        let parsed = try events("task-log-qmigrate-online-ha.cybersecurity-all-diskless.txt")
        let progress = memoryProgress(parsed)
        #expect(progress.count == 8)
        let first = try #require(progress.first)
        #expect(first.transferredBytes == 375_285_350)  // 357.9 MiB
        #expect(first.totalBytes == 4 << 30)
        #expect(first.bytesPerSecond == 615_094_682)  // 586.6 MiB/s
        let percent = try #require(first.percent)
        #expect(percent > 8.73 && percent < 8.74)
        #expect(parsed.suffix(2) == [.finished(duration: .seconds(18)), .taskOK])
    }

    @Test("GiB/s speeds and foreign NOTICE lines in a PVE 9 log")
    func pve9Log() throws {
        let parsed = try events("task-log-qmigrate-online-ha.spleenftw-blog.txt")
        let progress = memoryProgress(parsed)
        #expect(progress.count == 15)
        #expect(progress[2].bytesPerSecond == 1_181_116_006)  // 1.1 GiB/s
        #expect(progress.last?.totalBytes == 13_529_146_982)  // 12.6 GiB
        #expect(parsed.suffix(2) == [.finished(duration: .seconds(20)), .taskOK])
        #expect(MigrationLogEvent(line: "  Intentionally removing diskless assignment (pm-299b3873) on (pivoine).") == nil)
    }

    @Test("PVE 6 raw-byte progress format")
    func pve6Log() throws {
        let parsed = try events("task-log-qmigrate-online-pve6.telmate-proxmox-api-go-115.txt")
        let progress = memoryProgress(parsed)
        #expect(progress == [MigrationProgress(phase: .memory, transferredBytes: 294_227_312, totalBytes: 554_508_288)])
        #expect(parsed.suffix(2) == [.finished(duration: .seconds(8)), .taskOK])
    }

    @Test("a failed migration reports the abort reason and the task error")
    func failedLog() throws {
        let parsed = try events("task-log-qmigrate-failed-local-disk.telmate-tf-provider-303.txt")
        #expect(
            parsed == [
                .aborted(reason: "Failed to sync data - can't migrate VM - check log", duration: .seconds(1)),
                .taskError("migration aborted"),
            ])
    }

    @Test("disk mirror lines, old and new (drive-/mirror-), with ready state")
    func diskMirror() throws {
        let running = try #require(MigrationProgress(line: "2025-01-04 00:34:24 drive-scsi0: transferred 20.1 GiB of 32.0 GiB (62.81%) in 1m 31s"))
        #expect(running.phase == .disk("drive-scsi0"))
        #expect(running.transferredBytes == 21_582_210_662 && running.totalBytes == 32 << 30)
        #expect(running.percent == 62.81 && !running.isReady)

        let ready = try #require(MigrationProgress(line: "mirror-scsi1: transferred 32.0 GiB of 32.0 GiB (100.00%) in 2m 5s, ready"))
        #expect(ready.phase == .disk("mirror-scsi1") && ready.isReady && ready.percent == 100)

        let old = try #require(
            MigrationProgress(
                line:
                    "2021-02-15 17:57:57 drive-virtio0: transferred: 9680453632 bytes remaining: 0 bytes total: 9680453632 bytes progression: 100.00 % busy: 0 ready: 1"
            ))
        #expect(old.phase == .disk("drive-virtio0") && old.transferredBytes == 9_680_453_632 && old.isReady)
    }

    @Test("memory progress with VFIO state and dirty-rate suffixes")
    func memorySuffixes() throws {
        let dirty = try #require(
            MigrationProgress(
                line: "migration active, transferred 1.1 GiB of 4.0 GiB VM-state, 399.1 MiB/s, VM dirties lots of memory: 500.0 MiB/s"))
        #expect(dirty.bytesPerSecond == 418_486_682)
        let vfio = try #require(
            MigrationProgress(
                line: "migration active, transferred 1.1 GiB of 4.0 GiB VM-state (+ 12.0 MiB VFIO-state), 399.1 MiB/s"))
        #expect(vfio.transferredBytes == 1_181_116_006 && vfio.bytesPerSecond == 418_486_682)
        let postcopy = try #require(MigrationProgress(line: "migration postcopy-active, transferred 3.0 GiB of 4.0 GiB VM-state, 1.0 GiB/s"))
        #expect(postcopy.percent == 75)
    }

    @Test(
        "completion and failure lines",
        arguments: [
            ("2021-04-22 01:02:17 migration finished successfully (duration 00:01:05)", MigrationLogEvent.finished(duration: .seconds(65))),
            ("2019-01-01 00:00:00 migration finished successfuly (duration 01:00:00)", .finished(duration: .seconds(3600))),
            ("2025-01-01 10:00:00 ERROR: migration finished with problems (duration 00:00:05)", .finishedWithProblems(duration: .seconds(5))),
            ("TASK WARNINGS: 2", .taskWarnings(2)),
            ("TASK ERROR: can't migrate running VM without --online", .taskError("can't migrate running VM without --online")),
            ("TASK OK", .taskOK),
        ])
    func outcomes(line: String, expected: MigrationLogEvent) {
        #expect(MigrationLogEvent(line: line) == expected)
    }

    @Test(
        "other lines are not events",
        arguments: [
            "2025-01-04 00:34:38 migration status: completed",
            "2025-11-14 21:47:58 migration completed, transferred 11.7 GiB VM-state",
            "2025-01-04 00:34:38 average migration speed: 457.0 MiB/s - downtime 73 ms",
            "task started by HA resource agent",
            "2021-02-15 17:57:57 ERROR: Failed to sync data - can't migrate VM - check log",
            "",
        ])
    func ignored(line: String) {
        #expect(MigrationLogEvent(line: line) == nil)
    }
}
