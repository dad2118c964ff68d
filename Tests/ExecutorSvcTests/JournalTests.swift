import Contract
import ExecutorSvc
import Foundation
import TestSupport
import Testing

/// The journal and command ledger in a real SQLite file.
@Suite("Journal")
struct JournalTests {
    static func status(_ id: String, state: MigrationPhase, daysAgo: Double, dryRun: Bool = false) -> MigrationStatus {
        var status = MigrationStatus(
            id: id, cluster: "lab", commandId: "c-\(id)", origin: .manual, vmid: 101, name: nil, type: .qemu, source: "pve1",
            target: "pve2", state: state, dryRun: dryRun, haManaged: false, message: "", command: "",
            createdAt: Date().addingTimeInterval(-daysAgo * 86_400))
        if state.isFinal { status.finishedAt = status.createdAt }
        return status
    }

    @Test("a command's answer is stored with its migration, kept across reopening, and the first answer stays")
    func answers() async throws {
        let directory = try TemporaryDirectory(prefix: "journal")
        defer { directory.remove() }
        do {
            let database = try ExecutorDatabase.open(directory: directory.path, cluster: "lab", logger: RunnerHarness.logger)
            let answer = CommandLedger.Answer(op: "migrate", id: "c1", reply: Array("first".utf8), at: Date())
            try await MigrationJournal(database: database).save(Self.status("m1", state: .queued, daysAgo: 0), answer: answer)
            try await CommandLedger(database: database).record(CommandLedger.Answer(op: "migrate", id: "c1", reply: Array("second".utf8), at: Date()))
        }
        let reopened = try ExecutorDatabase.open(directory: directory.path, cluster: "lab", logger: RunnerHarness.logger)
        #expect(try await CommandLedger(database: reopened).answer(op: "migrate", id: "c1") == Array("first".utf8))
        #expect(try await CommandLedger(database: reopened).answer(op: "cancel", id: "c1") == nil)
        #expect(try await MigrationJournal(database: reopened).unfinished().map(\.id) == ["m1"])
    }

    @Test("purge finds old ended migrations and week-old dry runs and deletes them, never unfinished ones")
    func purge() async throws {
        let directory = try TemporaryDirectory(prefix: "journal")
        defer { directory.remove() }
        let database = try ExecutorDatabase.open(directory: directory.path, cluster: "lab", logger: RunnerHarness.logger)
        let journal = MigrationJournal(database: database)
        for status in [
            Self.status("old-done", state: .completed, daysAgo: 100), Self.status("old-running", state: .running, daysAgo: 100),
            Self.status("recent-done", state: .completed, daysAgo: 10), Self.status("old-dry", state: .dryRun, daysAgo: 8, dryRun: true),
            Self.status("new-dry", state: .dryRun, daysAgo: 1, dryRun: true),
        ] {
            try await journal.save(status)
        }
        let now = Date()
        let expired = try await journal.expired(before: now.addingTimeInterval(-90 * 86_400), dryRunsBefore: now.addingTimeInterval(-7 * 86_400))
        #expect(expired.map(\.id) == ["old-done", "old-dry"])
        #expect(expired.allSatisfy { $0.retained })
        // An unfinished migration is never deleted, even when asked to.
        let removed = try await journal.delete(expired.map(\.id) + ["old-running"], commandsBefore: now.addingTimeInterval(-90 * 86_400))
        #expect(removed == 2)
        let left = try await journal.history(limit: 100).map(\.id).sorted()
        #expect(left == ["new-dry", "old-running", "recent-done"])
    }
}
