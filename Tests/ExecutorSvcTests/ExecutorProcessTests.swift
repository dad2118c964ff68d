import Contract
import ExecutorSvc
import Foundation
import MQTT
import TestSupport
import Testing

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

    /// Starts `pb-executor`, waits for it to say `online`, sends migrate command `command` of VM
    /// 116 to pve4 and waits until its task runs: the process, the migration's state topic and
    /// its running state.
    static func startMigration(
        _ harness: RunnerHarness, environment: [String: String], command: String, availability: AvailabilityWatch
    ) async throws -> (RunningProcess, MQTTSubscription, MigrationStatus) {
        let executor = try BuiltExecutable.start("pb-executor", [], environment: environment)
        do {
            try await availability.online()
            let reply = try await TestBus.request(
                harness.observer, harness.topics.request(.executor, op: "migrate"), #"{"id":"\#(command)","vmid":116,"target":"pve4"}"#,
                as: MigrationStatus.self)
            let id = try #require(reply.result?.id)
            let states = try await harness.observer.subscribe(harness.topics.migration(id))
            let (running, _) = try await TestBus.next(MigrationStatus.self, on: states, within: .seconds(20)) {
                $0.state == .running && $0.upid != nil
            }
            return (executor, states, running)
        } catch {
            executor.terminate()
            throw error
        }
    }

    @Test("kill -9 mid-migration, then a restart: exactly one migration, and its final state is published", .timeLimit(.minutes(2)))
    func killedMidMigration() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-process")
        defer { directory.remove() }
        try await RunnerHarness.run(timeScale: 1) { harness in
            let environment = Self.environment(harness, directory: directory.path)
            let availability = try await AvailabilityWatch(harness.observer, topic: harness.topics.availability(.executor))
            let (first, states, running) = try await Self.startMigration(
                harness, environment: environment, command: "k1", availability: availability)
            var executor = first
            defer { executor.terminate() }
            let id = running.id
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

    @Test("SIGTERM mid-migration: the row says the executor stopped and stays running; the next start follows the task", .timeLimit(.minutes(2)))
    func terminatedMidMigration() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-term")
        defer { directory.remove() }
        try await RunnerHarness.run(timeScale: 1) { harness in
            let environment = Self.environment(harness, directory: directory.path)
            let availability = try await AvailabilityWatch(harness.observer, topic: harness.topics.availability(.executor))
            let (first, states, running) = try await Self.startMigration(
                harness, environment: environment, command: "t1", availability: availability)
            var executor = first
            defer { executor.terminate() }
            let id = running.id
            executor.signal(SIGTERM)
            let (stopped, _) = try await TestBus.next(MigrationStatus.self, on: states, within: .seconds(10)) {
                $0.message.contains("executor stopped")
            }
            #expect(stopped.state == .running)
            #expect(await executor.exitStatus(within: .seconds(10)) == 0)
            let database = try ExecutorDatabase.open(directory: directory.path, cluster: RunnerHarness.cluster, logger: RunnerHarness.logger)
            let stored = try #require(try await MigrationJournal(database: database).migration(id))
            #expect(stored.state == .running && stored.message.contains("executor stopped"))
            #expect(try await harness.node(of: 116) == "pve3", "the migration was still running when the executor stopped")

            executor = try BuiltExecutable.start("pb-executor", [], environment: environment)
            let (final, _) = try await TestBus.next(MigrationStatus.self, on: states, within: .seconds(60)) { $0.state.isFinal }
            #expect(final.state == .completed)
            #expect(final.upid == running.upid)
            #expect(try await harness.migrationTasks(116, on: "pve3").count == 1)
        }
    }
}
