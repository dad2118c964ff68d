import Contract
import ExecutorSvc
import Foundation
import MQTT
import PVESimulator
import TestSupport
import Testing

/// How automation runs are claimed, paced, owned and stopped, against the simulator.
@Suite("Automation runs", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(2)))
struct AutomationRunTests {
    static let permissive = #""observation_periods":1,"min_confidence":0,"check_interval_seconds":3600"#

    /// Applies a settings update, or fails the test.
    static func set(_ executor: Executor, _ json: String) async throws {
        if case .failure(let error) = await executor.updateSettings(Data(json.utf8)) { throw TestFailure(error.message) }
    }

    static func reply(_ bytes: [UInt8]) throws -> Reply<AutomationState> {
        try MessageCoding.decode(Reply<AutomationState>.self, from: Data(bytes))
    }

    /// The automation state once a run has concluded.
    static func concluded(_ states: MQTTSubscription, within timeout: Duration = .seconds(60)) async throws -> AutomationState {
        try await TestBus.next(AutomationState.self, on: states, within: timeout) { [.success, .partial, .failed].contains($0.status) }.0
    }

    @Test("two run_automation commands and a scheduled run at once: one run, the others refused busy or skipped")
    func oneRunAtATime() async throws {
        try await RunnerHarness.run { harness in
            let executor = harness.makeExecutor()
            try await Self.set(executor, #"{"enabled":true,"dry_run":true,\#(Self.permissive)}"#)
            await executor.receive(
                try await harness.plan([
                    ServiceHarness.move(116, "pve3", "pve4", step: 1), ServiceHarness.move(113, "pve3", "pve5", step: 2, type: .lxc),
                ]))
            let states = try await harness.observer.subscribe(harness.topics.automationState)

            async let first = executor.handle(op: "run_automation", payload: Data(#"{"id":"a1"}"#.utf8))
            async let second = executor.handle(op: "run_automation", payload: Data(#"{"id":"a2"}"#.utf8))
            async let scheduled: Void = executor.runScheduled()
            let replies = [try Self.reply(await first), try Self.reply(await second)]
            await scheduled

            #expect(replies.filter(\.ok).count <= 1)
            #expect(replies.filter { !$0.ok }.allSatisfy { $0.error?.code == "busy" })
            let final = try await Self.concluded(states)
            #expect(final.status == .success)
            for vmid in [116, 113] {
                #expect(try await harness.journal.history(vmid: vmid).count == 1, "guest \(vmid) was moved by more than one run")
            }
            await executor.shutdown(grace: .seconds(5))
        }
    }

    @Test("a scheduled decision returns while its moves run; decisions during the run select nothing and publish no_quorum")
    func decidesDuringARun() async throws {
        try await RunnerHarness.run(timeScale: 1) { harness in
            let executor = harness.makeExecutor()
            try await Self.set(executor, #"{"enabled":true,"dry_run":false,\#(Self.permissive)}"#)
            await executor.receive(try await harness.plan([ServiceHarness.move(116, "pve3", "pve4")]))
            let states = try await harness.observer.subscribe(harness.topics.automationState)
            let migrations = try await harness.observer.subscribe(harness.topics.migration("+"))

            await executor.runScheduled()
            #expect(await executor.ownedTaskCount == 1, "the decision waited for its run")
            let (decided, _) = try await TestBus.next(AutomationState.self, on: states) { $0.status == .ready }
            #expect(decided.candidate(116)?.action == .pending)

            // Quorum goes once Proxmox runs the move's task.
            _ = try await TestBus.next(MigrationStatus.self, on: migrations, within: .seconds(20)) { $0.state == .running && $0.upid != nil }
            await harness.simulator.simulator.setFaults(SimulatorFaults(quorate: false))
            await executor.runScheduled()
            let (during, _) = try await TestBus.next(AutomationState.self, on: states) { $0.status != .ready }
            #expect(during.status == .noQuorum, "\(during.summary)")
            #expect(during.selected.isEmpty)
            #expect(during.candidate(116)?.action == .deferred)
            await harness.simulator.simulator.setFaults(SimulatorFaults())

            let final = try await Self.concluded(states)
            #expect(final.candidate(116)?.action == .executed, "\(final.candidate(116)?.reason ?? "")")
            #expect(try await harness.node(of: 116) == "pve4")
            await executor.shutdown(grace: .seconds(5))
        }
    }

    @Test("default limits: a plan of three moves runs three migrations, one after another")
    func maxMigrationsPerRun() async throws {
        try await ServiceHarness.run(timeScale: 0.2) { harness in
            #expect(try await harness.settings(#"{"id":"s1","enabled":true,"dry_run":false,\#(Self.permissive)}"#).ok)
            let settings = try await harness.settings(#"{"id":"s2"}"#)
            #expect(settings.result?.maxConcurrent == 1 && settings.result?.maxMigrationsPerRun == 3)
            let states = try await harness.client.subscribe(harness.topics.automationState)
            let plan = try await harness.plan([
                ServiceHarness.move(116, "pve3", "pve4", step: 1), ServiceHarness.move(113, "pve3", "pve5", step: 2, type: .lxc),
                ServiceHarness.move(112, "pve3", "pve5", step: 3, type: .lxc),
            ])
            try await harness.publish(plan)
            let decided = try await ServiceAutomationTests.run(harness, plan: plan)
            #expect(decided.budget == 3)
            #expect(decided.selected.map(\.vmid) == [116, 113, 112])

            let final = try await Self.concluded(states, within: .seconds(90))
            #expect(final.status == .success, "\(final.candidates.map(\.reason))")
            var migrations: [MigrationStatus] = []
            for vmid in [116, 113, 112] {
                let rows = try await harness.journal().history(vmid: vmid)
                #expect(rows.map(\.state) == [.completed], "guest \(vmid)")
                migrations += rows
            }
            #expect(try await harness.runner.node(of: 112) == "pve5")
            for (earlier, later) in zip(migrations, migrations.dropFirst()) {
                #expect(try #require(later.startedAt) >= (try #require(earlier.finishedAt)), "\(later.vmid) started before \(earlier.vmid) ended")
            }
        }
    }

    @Test("a new check_interval_seconds applies at once, not after the current wait")
    func intervalChangeAppliesAtOnce() async throws {
        try await ServiceHarness.run { harness in
            let states = try await harness.client.subscribe(harness.topics.automationState)
            #expect(try await harness.settings(#"{"id":"s1","enabled":true,"dry_run":true,\#(Self.permissive)}"#).ok)
            #expect(try await harness.settings(#"{"id":"s2","check_interval_seconds":10}"#).ok)
            let (scheduled, _) = try await TestBus.next(AutomationState.self, on: states, within: .seconds(20))
            #expect(scheduled.status == .noPlan)
        }
    }

    @Test("an evacuation runs on a task the executor owns; a stop leaves its unstarted moves queued, and they resume")
    func evacuationStopsAndResumes() async throws {
        try await RunnerHarness.run(timeScale: 1) { harness in
            let executor = harness.makeExecutor()
            await executor.receive(MaintenanceState(cluster: RunnerHarness.cluster, nodes: ["pve6"], updatedAt: Date().addingTimeInterval(-5)))
            await executor.receive(
                try await harness.plan([
                    ServiceHarness.move(151, "pve6", "pve5", step: 1, kind: .maintenanceEvacuation),
                    ServiceHarness.move(153, "pve6", "pve4", step: 2, kind: .maintenanceEvacuation),
                ]))
            let migrations = try await harness.observer.subscribe(harness.topics.migration("+"))
            let reply = try MessageCoding.decode(
                Reply<EvacuationReply>.self, from: Data(await executor.handle(op: "evacuate", payload: Data(#"{"id":"e1","node":"pve6"}"#.utf8))))
            let evacuation = try #require(reply.result, "\(reply.error?.message ?? "")")
            #expect(await executor.ownedTaskCount == 1)
            _ = try await TestBus.next(MigrationStatus.self, on: migrations, within: .seconds(20)) { $0.vmid == 151 && $0.state == .running }

            await executor.shutdown(grace: .milliseconds(100))
            #expect(await executor.ownedTaskCount == 0)
            #expect(try await harness.journal.history(vmid: 153).map(\.state) == [.queued])

            let restarted = harness.makeRunner()
            await restarted.resumeUnfinished()
            for migration in evacuation.migrations {
                let final = try #require(await restarted.wait(migration.id))
                #expect(final.state == .completed, "\(final.vmid): \(final.error ?? "")")
            }
            #expect(try await harness.migrationTasks(153, on: "pve6").count == 1)
        }
    }

    @Test("the rollback window is judged on the executor's clock")
    func rollbackWindowOnTheClock() async throws {
        let clock = TestClock(Date())
        try await ServiceHarness.run(timeScale: 0.2, clock: clock.reading) { harness in
            let moved = try #require(
                try await harness.request("migrate", #"{"id":"m1","vmid":116,"target":"pve4"}"#, as: MigrationStatus.self).result)
            #expect(try await harness.finalState(moved.id).state == .completed)
            clock.advance(by: 25 * 3_600)
            let late = try await harness.request("rollback", #"{"id":"rb1","migration_id":"\#(moved.id)"}"#, as: RollbackReply.self)
            #expect(late.error?.code == "invalid")
            #expect(late.error?.message == "\(moved.id) finished more than 24 h ago (the rollback window)")
            #expect(try await harness.runner.node(of: 116) == "pve4")
        }
    }

    @Test("a stop during a run starts no further move and records where the run stopped; a restart follows its migration")
    func stopDuringARun() async throws {
        var configuration = ExecutorConfiguration(runner: RunnerHarness.configuration)
        configuration.shutdownGrace = .milliseconds(200)
        try await ServiceHarness.run(timeScale: 1, configuration: configuration, startsService: false) { harness in
            let observer = try await TestBus.client(harness.runner.broker)
            let states = try await observer.subscribe(harness.topics.automationState)
            let migrations = try await observer.subscribe(harness.topics.migration("+"))
            let service = try await harness.startService()
            #expect(try await harness.settings(#"{"id":"s1","enabled":true,"dry_run":false,\#(Self.permissive)}"#).ok)
            let plan = try await harness.plan(ServiceAutomationTests.twoMoves)
            try await harness.publish(plan)
            _ = try await ServiceAutomationTests.run(harness, plan: plan)
            let (running, _) = try await TestBus.next(MigrationStatus.self, on: migrations, within: .seconds(20)) {
                $0.vmid == 116 && $0.state == .running
            }

            try await service.stop()
            let (stopped, _) = try await TestBus.next(AutomationState.self, on: states, within: .seconds(10)) {
                $0.candidate(113)?.action == .deferred
            }
            #expect(stopped.candidate(113)?.reason == "the executor stopped before this move; a later run decides it again")
            #expect(stopped.candidate(116)?.migrationId == running.id)
            #expect(stopped.candidate(116)?.reason.contains("followed again at the next start") == true)

            let restarted = try await harness.startService()
            let first = try await harness.finalState(running.id, within: .seconds(60))
            #expect(first.state == .completed)
            #expect(try await harness.runner.node(of: 116) == "pve4")
            #expect(try await harness.journal().history(vmid: 113).isEmpty, "a move started after the stop")
            try await restarted.stop()
            await observer.disconnect()
        }
    }
}
