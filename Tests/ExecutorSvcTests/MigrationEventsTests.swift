import Contract
import ExecutorSvc
import Foundation
import Testing

/// The events a migration announces, as the notifier and a phone show them.
@Suite("Migration events")
struct MigrationEventsTests {
    static func status(_ state: MigrationPhase, origin: MigrationOrigin = .automation) -> MigrationStatus {
        var status = MigrationStatus(
            id: "m-1", cluster: "lab", commandId: nil, origin: origin, vmid: 101, name: "web", type: .qemu, source: "pve1",
            target: "pve2", state: state, dryRun: false, haManaged: false, message: "", command: "qm migrate 101 pve2 --online",
            createdAt: Date(timeIntervalSince1970: 1_795_000_000))
        status.startedAt = status.createdAt
        status.finishedAt = status.createdAt.addingTimeInterval(75)
        status.durationSeconds = 75
        status.upid = "UPID:pve1:0000ABCD:00112233:6A1FD43B:qmigrate:101:root@pam:"
        return status
    }

    @Test("each final state says what happened, to which guest and nodes, with the details the notifier lays out")
    func events() throws {
        let completed = try #require(MigrationEvents.event(for: Self.status(.completed), reason: "pve1 CPU at 91 %"))
        #expect(completed.kind == "completed" && completed.severity == .info && completed.category == .migrations)
        #expect(completed.message == "VM 101 (web) now runs on pve2 (moved from pve1 in 1 min 15 s).")
        #expect(completed.details.contains(.init("reason", "pve1 CPU at 91 %")))
        #expect(completed.details.contains(.init("duration_s", "75")))

        var failed = Self.status(.failed)
        failed.error = "migration aborted: interrupted by signal"
        let failure = try #require(MigrationEvents.event(for: failed, reason: nil))
        #expect(failure.kind == "failed" && failure.severity == .warning)
        #expect(failure.message.contains("interrupted by signal") && failure.message.contains("still runs on pve1"))
        #expect(failure.details.contains(.init("error", "migration aborted: interrupted by signal")))

        #expect(MigrationEvents.event(for: Self.status(.completed, origin: .rollback), reason: nil)?.kind == "rolled_back")
        #expect(MigrationEvents.event(for: Self.status(.skipped), reason: nil) == nil)
        #expect(MigrationEvents.event(for: Self.status(.dryRun), reason: nil) == nil)
        // One id per migration and kind: the notifier's idempotency key.
        #expect(completed.id == "m-1-completed")
    }
}

extension MigrationEventsTests {
    @Test("who asked is a detail of every event of the migration; who cancelled, of the cancelled one")
    func requestedBy() throws {
        var status = Self.status(.completed, origin: .manual)
        status.requestedBy = "web:alice"
        let completed = try #require(MigrationEvents.event(for: status, reason: nil))
        #expect(completed.details.contains(.init("requested_by", "web:alice")))
        #expect(!completed.details.contains { $0.name == "cancelled_by" })

        status.cancelledBy = "web:bob"
        status.state = .cancelled
        let cancelled = try #require(MigrationEvents.event(for: status, reason: nil))
        #expect(cancelled.details.contains(.init("cancelled_by", "web:bob")))
        #expect(cancelled.message.contains("on request of web:bob"))
        #expect(MigrationEvents.event(for: Self.status(.completed), reason: nil)?.details.contains { $0.name == "requested_by" } == false)
    }
}
