import Contract
import ExecutorSvc
import Foundation
import MQTT
import PVESimulator
import ProxmoxAPI
import ProxmoxClient
import TestSupport
import Testing

/// `pb-executor` killed with SIGKILL at random points around many migrations of one guest back
/// and forth — while validating, while Proxmox is slow to answer the migrate call, while the
/// task runs — and started again each time. Afterwards every journal record agrees with
/// Proxmox. `PROXBALANCE_CRASH_TRIALS` sets the number of migrations (default 24; 100 for a soak).
@Suite("pb-executor crash loop", .enabled(if: MosquittoBroker.isAvailable), .serialized)
struct ExecutorCrashTests {
    static let trials = Int(ProcessInfo.processInfo.environment["PROXBALANCE_CRASH_TRIALS"] ?? "") ?? 24
    static let seed = UInt64(ProcessInfo.processInfo.environment["PROXBALANCE_CRASH_SEED"] ?? "") ?? 20_261_205

    @Test(
        "random kills around migrations of one guest: at most one task per command, completed only when that task ended OK on the target, no task left running",
        .timeLimit(.minutes(10)))
    func crashLoop() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-crash")
        defer { directory.remove() }
        var random = SplitMix(state: Self.seed)
        try await RunnerHarness.run(timeScale: 0.15) { harness in
            var environment = ExecutorProcessTests.environment(harness, directory: directory.path)
            environment["PROXBALANCE_EXECUTOR_POLL_INTERVAL_MS"] = "100"
            environment["PROXBALANCE_EXECUTOR_START_GRACE_SECONDS"] = "3"
            let availability = try await AvailabilityWatch(harness.observer, topic: harness.topics.availability(.executor))
            var executor = try BuiltExecutable.start("pb-executor", [], environment: environment)
            defer { executor.terminate() }
            try await availability.online(within: .seconds(30))

            var commandIDs: [String] = []
            var kills = 0
            for trial in 0..<Self.trials {
                let slow = trial % 2 == 1
                await harness.inject(SimulatorFaults(migrateAnswerDelayMs: slow ? 700 : 0))
                let here = try #require(try await harness.node(of: 116))
                let target = here == "pve3" ? "pve4" : "pve3"
                let command = "crash-\(trial)"
                commandIDs.append(command)
                let payload = #"{"id":"\#(command)","vmid":116,"target":"\#(target)"}"#
                let topic = harness.topics.request(.executor, op: "migrate")
                let publisher = harness.observer
                let request = Task { try await TestBus.request(publisher, topic, payload, as: MigrationStatus.self, within: .seconds(15)) }

                // Kill at a random moment in the first 1.5 s (three trials in four).
                if random.int(4) != 0 {
                    try await Task.sleep(for: .milliseconds(random.int(1_500)))
                    executor.signal(SIGKILL)
                    _ = await executor.exitStatus(within: .seconds(10))
                    kills += 1
                    try await availability.offline(within: .seconds(10))
                    executor = try BuiltExecutable.start("pb-executor", [], environment: environment)
                    try await availability.online(within: .seconds(30))
                }
                // The admin's client sends the same command again until it is answered.
                var reply = try? await request.value
                let deadline = ContinuousClock.now + .seconds(60)
                while reply?.result == nil {
                    guard ContinuousClock.now < deadline else { throw TestFailure("command \(command) never answered") }
                    reply = try? await TestBus.request(harness.observer, topic, payload, as: MigrationStatus.self, within: .seconds(5))
                    if let error = reply?.error { throw TestFailure("command \(command) refused: \(error.code) \(error.message)") }
                }
                let id = try #require(reply?.result?.id)
                let states = try await harness.observer.subscribe(harness.topics.migration(id))
                _ = try await TestBus.next(MigrationStatus.self, on: states, within: .seconds(60)) { $0.state.isFinal }
                states.cancel()
            }
            executor.signal(SIGTERM)
            #expect(await executor.exitStatus(within: .seconds(15)) == 0)

            try await Self.expectJournalAgrees(harness, directory: directory.path, commands: commandIDs)
            print("crash loop: \(Self.trials) commands, \(kills) kills, seed \(Self.seed)")
        }
    }

    /// Every record agrees with Proxmox's task lists of both nodes.
    static func expectJournalAgrees(_ harness: RunnerHarness, directory: String, commands: [String]) async throws {
        let database = try ExecutorDatabase.open(directory: directory, cluster: RunnerHarness.cluster, logger: RunnerHarness.logger)
        let records = try await MigrationJournal(database: database).history(vmid: 116, limit: 10_000)
        var tasks: [String: PVETaskSummary] = [:]
        for node in ["pve3", "pve4"] {
            for task in try await harness.pve.nodeTasks(node, vmid: 116, source: .all, limit: 10_000)
            where ["qmigrate", "vzmigrate"].contains(task.type ?? "") {
                tasks[task.upid] = task
            }
        }
        let unfinished = records.filter { !$0.state.isFinal }.map(\.id)
        #expect(unfinished.isEmpty, "unfinished: \(unfinished)")
        for command in commands {
            #expect(
                records.filter { $0.commandId == command }.count == 1,
                "command \(command) has \(records.filter { $0.commandId == command }.count) records")
        }
        let claimed = records.compactMap(\.upid)
        #expect(Set(claimed).count == claimed.count, "a task is claimed by two records")
        #expect(
            Set(claimed) == Set(tasks.keys),
            "tasks no record follows: \(Set(tasks.keys).subtracting(claimed)); records of no task: \(Set(claimed).subtracting(tasks.keys))")
        #expect(tasks.values.allSatisfy { !$0.isRunning }, "a task is still running")
        for record in records where record.state == .completed {
            let task = try #require(record.upid.flatMap { tasks[$0] }, "completed \(record.id) has no task")
            #expect(task.isSuccess, "\(record.id) completed but its task ended \(task.status ?? "running")")
            #expect(task.node == record.source)
        }
        // Where the guest is now is where the last completed record put it.
        let last = records.filter { $0.state == .completed }.max { ($0.finishedAt ?? .distantPast) < ($1.finishedAt ?? .distantPast) }
        if let last { #expect(try await harness.node(of: 116) == last.target) }
    }
}

/// A seeded generator, so a failing run can be repeated with its seed.
struct SplitMix {
    var state: UInt64

    /// A number in `0..<bound`.
    mutating func int(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
