import Contract
import ExecutorSvc
import Foundation
import MQTT
import SQLite
import TestSupport
import Testing

/// `pb-executor` hearing from scoring that guests were moved outside ProxBalance.
@Suite("pb-executor: moves made outside ProxBalance", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(3)))
struct ExecutorOutsideMoveProcessTests {
    /// The moves made outside ProxBalance in the executor's database, once `done` holds (polled).
    static func recorded(
        _ moves: OutsideMoves, within timeout: Duration = .seconds(20), until done: ([PlacementChange]) -> Bool
    ) async throws -> [PlacementChange] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let seen = try await moves.since(.distantPast)
            if done(seen) { return seen }
            guard ContinuousClock.now < deadline else { throw TestFailure("the executor recorded only \(seen) within \(timeout)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    static func publish(_ change: PlacementChange, on harness: RunnerHarness) async throws {
        try await harness.observer.publish(MQTTMessage(topic: harness.topics.placements, data: try MessageCoding.encode(change)))
    }

    @Test(
        "a guest moved outside ProxBalance is held by the cooldown, also when the move was published while the executor restarted; a malformed placement is logged and dropped"
    )
    func outsideMovesHoldGuests() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-outside")
        defer { directory.remove() }
        try await RunnerHarness.run { harness in
            let environment = ExecutorProcessTests.environment(harness, directory: directory.path)
            let availability = try await AvailabilityWatch(harness.observer, topic: harness.topics.availability(.executor))
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))  // whole seconds, as on the bus
            let byHand = PlacementChange(vmid: 116, from: "pve4", to: "pve3", at: now.addingTimeInterval(-600), by: .outside)
            let byHA = PlacementChange(vmid: 113, from: "pve5", to: "pve3", at: now.addingTimeInterval(-1200), by: .outside)
            let own = PlacementChange(vmid: 113, from: "pve5", to: "pve3", at: now.addingTimeInterval(-300), by: .proxbalance)

            var executor = try BuiltExecutable.start("pb-executor", [], environment: environment, capturingStandardError: true)
            defer { executor.terminate() }
            try await availability.online()
            let database = try ExecutorDatabase.open(directory: directory.path, cluster: RunnerHarness.cluster, logger: RunnerHarness.logger)
            let moves = OutsideMoves(database: database)
            try await harness.observer.publish(MQTTMessage(topic: harness.topics.placements, payload: Array(#"{"vmid":"116","by":"nobody"}"#.utf8)))
            try await Self.publish(own, on: harness)
            try await Self.publish(byHand, on: harness)
            // Delivered in order: once the last is recorded, the first two were handled.
            #expect(try await Self.recorded(moves) { !$0.isEmpty } == [byHand])

            executor.signal(SIGTERM)
            try await availability.offline()
            #expect(await executor.exitStatus(within: .seconds(10)) == 0)
            var lines: [String] = []
            for await line in executor.standardErrorLines { lines.append(line) }
            #expect(
                lines.contains { $0.contains("message skipped") && $0.contains(harness.topics.placements) && $0.contains("vmid") },
                "\(lines)")

            // Published while the executor is away: its session keeps it.
            try await Self.publish(byHA, on: harness)
            executor = try BuiltExecutable.start("pb-executor", [], environment: environment)
            try await availability.online()
            #expect(try await Self.recorded(moves) { $0.count == 2 } == [byHA, byHand])

            let settings = try await TestBus.request(
                harness.observer, harness.topics.settingsSet(.executor),
                #"{"id":"s1","enabled":true,"dry_run":true,"observation_periods":1,"min_confidence":0,"check_interval_seconds":3600}"#,
                as: AutomationSettings.self)
            #expect(settings.ok)
            let plan = try await harness.plan([
                ServiceHarness.move(116, "pve3", "pve4", step: 1), ServiceHarness.move(113, "pve3", "pve5", step: 2, type: .lxc),
            ])
            try await harness.observer.publish(
                MQTTMessage(topic: harness.topics.recommendations, data: try MessageCoding.encode(plan), retain: true))
            let decided = try await Self.decision(harness, plan: plan)
            #expect(decided.candidate(116)?.action == .skipped)
            #expect(decided.candidate(116)?.code == .cooldown)
            #expect(
                decided.candidate(116)?.reason.hasPrefix(
                    "VM 116 (vm116) was moved pve4 → pve3 outside ProxBalance 10 min ago; its cooldown of 30 min ends at ") == true)
            #expect(decided.candidate(113)?.reason.contains("(vm113) was moved pve5 → pve3 outside ProxBalance 20 min ago;") == true)
            #expect(decided.selected.isEmpty)
            #expect(try await MigrationJournal(database: database).history().isEmpty, "nothing ran, not even as a dry run")

            executor.signal(SIGTERM)
            #expect(await executor.exitStatus(within: .seconds(10)) == 0)
        }
    }

    @Test("when the moves made outside ProxBalance cannot be read, automation decides nothing and says why")
    func unreadableOutsideMoves() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-outside-unreadable")
        defer { directory.remove() }
        try await RunnerHarness.run { harness in
            let availability = try await AvailabilityWatch(harness.observer, topic: harness.topics.availability(.executor))
            let executor = try BuiltExecutable.start(
                "pb-executor", [], environment: ExecutorProcessTests.environment(harness, directory: directory.path))
            defer { executor.terminate() }
            try await availability.online()
            let database = try ExecutorDatabase.open(directory: directory.path, cluster: RunnerHarness.cluster, logger: RunnerHarness.logger)
            try await database.write { try $0.execute("DROP TABLE outside_moves") }
            let reply = try await TestBus.request(
                harness.observer, harness.topics.request(.executor, op: "run_automation"), #"{"id":"run-1"}"#, as: AutomationState.self)
            #expect(reply.error?.code == "internal")
            #expect(
                reply.error?.message.hasPrefix("the moves made outside ProxBalance could not be read") == true, "\(String(describing: reply.error))")
            executor.signal(SIGTERM)
            #expect(await executor.exitStatus(within: .seconds(10)) == 0)
        }
    }

    /// Asks for an automation run until the executor has read `plan`, and returns the decision.
    static func decision(_ harness: RunnerHarness, plan: RecommendationSet) async throws -> AutomationState {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let reply = try await TestBus.request(
                harness.observer, harness.topics.request(.executor, op: "run_automation"), #"{"id":"run-\#(UUID().uuidString)"}"#,
                as: AutomationState.self)
            if let state = reply.result, state.planGeneratedAt.map({ abs($0.timeIntervalSince(plan.generatedAt)) < 1 }) == true {
                return state
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("the executor never read the plan")
    }
}
