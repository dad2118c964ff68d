import Contract
import ExecutorSvc
import Foundation
import PVESimulator
import ProxmoxAPI
import ProxmoxClient
import SQLite
import TestSupport
import Testing

/// The runner follows the one task its migration started — after a restart, a lost answer or
/// a slow one — and asks Proxmox nothing it could not journal first.
@Suite("Runner: the right task, fail closed", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(2)))
struct RunnerTaskIdentityTests {
    @Test("after a restart, the guest's earlier finished migration is never taken for the one in flight")
    func earlierTaskNotAdopted() async throws {
        try await RunnerHarness.run(timeScale: 0.1) { harness in
            let runner = harness.makeRunner()
            let there = try await runner.run(RunnerHarness.order(116, to: "pve4"), label: harness.label(116))
            let back = try await runner.run(RunnerHarness.order(116, to: "pve3"), label: harness.label(116))
            #expect(there.state == .completed && back.state == .completed)

            // A third move is journaled with its fence and sent; the executor dies before the answer.
            let known = Set(try await harness.migrationTasks(116, on: "pve3").map(\.upid))
            try await harness.journal.save(
                RunnerRecoveryTests.started("m-third", vmid: 116, from: "pve3", to: "pve4"), fence: TaskFence(node: "pve3", known: known))
            let upid = try await harness.pve.migrate("pve3", kind: .qemu, vmid: 116, target: "pve4", options: PVEMigrateOptions(online: true))

            let restarted = harness.makeRunner()
            await restarted.resumeUnfinished()
            let final = try #require(await restarted.wait("m-third"))
            #expect(final.upid == upid.rawValue, "followed \(final.upid ?? "nothing") instead of the task it started")
            #expect(final.state == .completed)
            #expect(try await harness.migrationTasks(116, on: "pve3").allSatisfy { !$0.isRunning }, "a task was left running")
            #expect(try await harness.node(of: 116) == "pve4")
        }
    }

    @Test("a journal row without a fence never claims a task another migration already claimed")
    func claimedTaskNotTakenTwice() async throws {
        try await RunnerHarness.run(timeScale: 0.1) { harness in
            let runner = harness.makeRunner()
            let there = try await runner.run(RunnerHarness.order(116, to: "pve4"), label: harness.label(116))
            _ = try await runner.run(RunnerHarness.order(116, to: "pve3"), label: harness.label(116))
            try await harness.journal.save(RunnerRecoveryTests.started("m-again", vmid: 116, from: "pve3", to: "pve4"))

            let restarted = harness.makeRunner()
            await restarted.resumeUnfinished()
            let final = try #require(await restarted.wait("m-again"))
            #expect(final.upid == nil && final.upid != there.upid)
            #expect(final.state == .failed)
            #expect(try await harness.node(of: 116) == "pve3")
        }
    }

    @Test("a migrate call that answers 500 after Proxmox started the task is followed, not called failed")
    func lostAnswerFollowed() async throws {
        try await RunnerHarness.run(timeScale: 0.1) { harness in
            await harness.inject(SimulatorFaults(loseMigrateAnswers: [116]))
            let final = try await harness.makeRunner().run(RunnerHarness.order(116, to: "pve4"), label: harness.label(116))
            #expect(final.state == .completed, "\(final.error ?? "")")
            let tasks = try await harness.migrationTasks(116, on: "pve3")
            #expect(tasks.count == 1)
            #expect(final.upid == tasks.first?.upid)
            #expect(try await harness.node(of: 116) == "pve4")
        }
    }

    @Test("stopped while Proxmox is slow to answer: the row stays running and the next start follows the task")
    func stoppedDuringSlowAnswer() async throws {
        try await RunnerHarness.run(timeScale: 0.3) { harness in
            await harness.inject(SimulatorFaults(migrateAnswerDelayMs: 1_500))
            let runner = harness.makeRunner()
            let queued = try await runner.submit(RunnerHarness.order(116, to: "pve4"), label: harness.label(116))
            let deadline = ContinuousClock.now + .seconds(20)
            while try await harness.migrationTasks(116, on: "pve3").isEmpty {
                guard ContinuousClock.now < deadline else { throw TestFailure("Proxmox never started the task") }
                try await Task.sleep(for: .milliseconds(50))
            }
            await runner.stop()
            let stored = try #require(try await harness.journal.migration(queued.id))
            #expect(stored.state == .running)
            #expect(stored.message.contains("executor stopped"))

            await harness.inject(SimulatorFaults())
            let restarted = harness.makeRunner()
            await restarted.resumeUnfinished()
            let final = try #require(await restarted.wait(queued.id))
            #expect(final.state == .completed, "\(final.error ?? "")")
            let tasks = try await harness.migrationTasks(116, on: "pve3")
            #expect(tasks.count == 1)
            #expect(final.upid == tasks.first?.upid)
        }
    }

    @Test("the journal cannot record the start: the migration fails and Proxmox is never asked")
    func journalFailureBeforeCall() async throws {
        try await RunnerHarness.run(timeScale: 0.1) { harness in
            // The write that guards the Proxmox call fails as a full disk would; the others work.
            try await harness.database.write {
                try $0.execute("CREATE TRIGGER refuse BEFORE INSERT ON task_fences BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
            }
            let final = try await harness.makeRunner().run(RunnerHarness.order(116, to: "pve4"), label: harness.label(116))
            #expect(final.state == .failed)
            #expect(final.error?.contains("journal could not be written") == true)
            #expect(try await harness.migrationTasks(116, on: "pve3").isEmpty)
            #expect(try await harness.node(of: 116) == "pve3")
        }
    }

    @Test("a transient API error while validating is retried, not fatal")
    func transientValidationError() async throws {
        try await RunnerHarness.run(timeScale: 0.1) { harness in
            let label = try await harness.label(116)
            await harness.inject(SimulatorFaults(failNextCalls: 2))
            let final = try await harness.makeRunner().run(RunnerHarness.order(116, to: "pve4"), label: label)
            #expect(final.state == .completed, "\(final.error ?? "")")
            #expect(try await harness.migrationTasks(116, on: "pve3").count == 1)
        }
    }

    @Test("an unreadable command ledger: the command is answered with an error and nothing is migrated")
    func unreadableLedger() async throws {
        try await RunnerHarness.run(timeScale: 0.1) { harness in
            let executor = Executor(
                topics: harness.topics, client: harness.pve, database: harness.database, bus: harness.bus,
                configuration: ExecutorConfiguration(runner: RunnerHarness.configuration), logger: RunnerHarness.logger)
            try await harness.database.write { try $0.execute("DROP TABLE commands") }
            let answer = await executor.handle(op: "migrate", payload: Data(#"{"id":"c-1","vmid":116,"target":"pve4"}"#.utf8))
            let reply = try MessageCoding.decode(Reply<MigrationStatus>.self, from: Data(answer))
            #expect(reply.ok == false)
            #expect(reply.error?.code == "internal")
            #expect(reply.error?.message.contains("nothing was done") == true)
            #expect(try await harness.journal.history().isEmpty)
            #expect(try await harness.migrationTasks(116, on: "pve3").isEmpty)
        }
    }
}
