import Contract
import ExecutorSvc
import Foundation
import MQTT
import Synchronization
import TestSupport
import Testing

/// What stays retained on `{b}/migrations/<id>`: recent migrations, not the whole history. A
/// dry run's state is cleared after a day; any other migration's when the journal purges it.
@Suite("Retained migration states", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(2)))
struct RetainedStateTests {
    /// The executor's clock, moved by the test.
    final class TestTime: Sendable {
        private let now = Mutex(Date())
        var clock: @Sendable () -> Date { { self.now.withLock { $0 } } }
        func advance(days: Double) { now.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
    }

    @Test("a dry run's retained state is cleared after a day and its record purged after a week; an old migration's state goes with its record")
    func clearedWithAge() async throws {
        try await RunnerHarness.run { harness in
            let time = TestTime()
            let executor = harness.makeExecutor(clock: time.clock)
            let states = try await harness.observer.subscribe(harness.topics.migration("+"))

            // A manual dry run ends as a retained dry_run state.
            _ = await executor.handle(op: "migrate", payload: Data(#"{"id":"dry-1","vmid":116,"target":"pve4","dry_run":true}"#.utf8))
            let (dryRun, _) = try await TestBus.next(MigrationStatus.self, on: states, within: .seconds(30)) { $0.state == .dryRun }

            // A completed migration from 100 days ago, its state still retained.
            var old = MigrationStatus(
                id: "old-1", cluster: RunnerHarness.cluster, commandId: "c-old", origin: .manual, vmid: 101, name: nil, type: .qemu,
                source: "pve1", target: "pve2", state: .completed, dryRun: false, haManaged: false, message: "", command: "",
                createdAt: time.clock().addingTimeInterval(-100 * 86_400))
            old.finishedAt = old.createdAt
            let oldTopic = harness.topics.migration(old.id)
            try await harness.journal.save(old)
            try await harness.observer.publish(
                MQTTMessage(topic: harness.topics.migration(old.id), data: try MessageCoding.encode(old), retain: true))

            // An hour later nothing of the dry run is cleared; the old migration is purged, its state cleared.
            time.advance(days: 1.0 / 24)
            await executor.purgeOld()
            _ = try await states.next(within: .seconds(10)) { $0.topic == oldTopic && $0.payload.isEmpty }
            #expect(try await harness.journal.migration("old-1") == nil)
            #expect(try await harness.journal.migration(dryRun.id)?.state == .dryRun)

            // A day later the dry run's retained state is cleared; the journal keeps it for the week.
            time.advance(days: 1)
            await executor.purgeOld()
            let dryRunTopic = harness.topics.migration(dryRun.id)
            _ = try await states.next(within: .seconds(10)) { $0.topic == dryRunTopic && $0.payload.isEmpty }
            #expect(try await harness.journal.migration(dryRun.id)?.state == .dryRun)

            // A fresh subscriber to migrations/# sees neither.
            let fresh = try await TestBus.client(harness.broker, name: "fresh")
            let retained = try await fresh.subscribe(harness.topics.migration("+"))
            try await fresh.publish(MQTTMessage(topic: harness.topics.migration("marker"), string: "{}", retain: false))
            let first = try await retained.next(within: .seconds(10))
            #expect(first.topic == harness.topics.migration("marker"), "still retained: \(first.topic)")
            await fresh.disconnect()

            // After the week the dry run's record goes too.
            time.advance(days: 7)
            await executor.purgeOld()
            #expect(try await harness.journal.migration(dryRun.id) == nil)
            await executor.shutdown(grace: .seconds(5))
        }
    }
}
