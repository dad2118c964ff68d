import ExecutorSvc
import Foundation
import Shared
import Testing
import TestSupport

/// `pb-executor` as an admin runs it: killed with SIGKILL mid-migration and started again.
@Suite("pb-executor process", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ExecutorProcessTests {
    static func environment(_ harness: RunnerHarness, directory: String) -> [String: String] {
        [
            "PROXBALANCE_MQTT_URL": harness.broker.url, "PROXBALANCE_PVE_URL": harness.simulator.baseURL,
            "PROXBALANCE_PVE_TOKEN": harness.simulator.token, "PROXBALANCE_PVE_FINGERPRINT": harness.simulator.fingerprint,
            "PROXBALANCE_CLUSTER": RunnerHarness.cluster, "PROXBALANCE_DATA_DIR": directory,
            "PROXBALANCE_EXECUTOR_POLL_INTERVAL_MS": "200", "PROXBALANCE_LOG_LEVEL": "warning",
        ]
    }

    @Test("kill -9 mid-migration, then a restart: exactly one migration, and its final state is published", .timeLimit(.minutes(2)))
    func killedMidMigration() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-process")
        defer { directory.remove() }
        try await RunnerHarness.run(timeScale: 1) { harness in
            let environment = Self.environment(harness, directory: directory.path)
            let availability = try await AvailabilityWatch(harness.observer, topic: harness.topics.availability(.executor))
            var executor = try BuiltExecutable.start("pb-executor", [], environment: environment)
            defer { executor.terminate() }
            try await availability.online()

            let reply = try await TestBus.request(
                harness.observer, harness.topics.request(.executor, op: "migrate"), #"{"id":"k1","vmid":116,"target":"pve4"}"#,
                as: MigrationStatus.self)
            let id = try #require(reply.result?.id)
            let states = try await harness.observer.subscribe(harness.topics.migration(id))
            let (running, _) = try await TestBus.next(MigrationStatus.self, on: states, within: .seconds(20)) {
                $0.state == .running && $0.upid != nil
            }
            executor.signal(SIGKILL)
            #expect(await executor.exitStatus(within: .seconds(10)) != 0)
            #expect(try await harness.node(of: 116) == "pve3", "the migration was still running when the executor died")

            executor = try BuiltExecutable.start("pb-executor", [], environment: environment)
            try await availability.online()
            let (final, _) = try await TestBus.next(MigrationStatus.self, on: states, within: .seconds(60)) { $0.state.isFinal }
            #expect(final.state == .completed)
            #expect(final.upid == running.upid)
            #expect(try await harness.node(of: 116) == "pve4")
            #expect(try await harness.migrationTasks(116, on: "pve3").count == 1)

            let again = try await TestBus.request(
                harness.observer, harness.topics.request(.executor, op: "migrate"), #"{"id":"k1","vmid":116,"target":"pve4"}"#,
                as: MigrationStatus.self)
            #expect(again.result?.id == id)
            executor.signal(SIGTERM)
            #expect(await executor.exitStatus(within: .seconds(10)) == 0)
        }
    }
}
