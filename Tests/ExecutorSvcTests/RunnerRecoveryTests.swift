import Contract
import ExecutorSvc
import Foundation
import PVESimulator
import ProxmoxAPI
import ProxmoxClient
import TestSupport
import Testing

/// After a crash the journal says what was in flight; the runner finds and finishes it, never
/// starting a second migration.
@Suite("Runner: recovery after a restart", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct RunnerRecoveryTests {
    /// A journal row as the executor writes it just before calling Proxmox.
    static func started(_ id: String, vmid: Int, from source: String, to target: String, state: MigrationPhase = .running) -> MigrationStatus {
        var status = MigrationStatus(
            id: id, cluster: RunnerHarness.cluster, commandId: "cmd-\(id)", origin: .manual, vmid: vmid, name: nil, type: .qemu,
            source: source, target: target, state: state, dryRun: false, haManaged: false, message: "moving", command: "",
            createdAt: Date())
        if state == .running { status.startedAt = Date() }
        return status
    }

    @Test("a migration Proxmox accepted before the crash is found among the node's tasks and followed to the end")
    func adoptsTask() async throws {
        try await RunnerHarness.run { harness in
            try await harness.journal.save(Self.started("m-adopt", vmid: 116, from: "pve3", to: "pve4"))
            _ = try await harness.pve.migrate("pve3", kind: .qemu, vmid: 116, target: "pve4", options: PVEMigrateOptions(online: true))

            let runner = harness.makeRunner()
            await runner.resumeUnfinished()
            let final = await runner.wait("m-adopt")
            #expect(final?.state == .completed)
            #expect(final?.upid?.contains(":qmigrate:116:") == true)
            #expect(try await harness.node(of: 116) == "pve4")
            #expect(try await harness.migrationTasks(116, on: "pve3").count == 1)
        }
    }

    @Test("a migration journaled as starting that Proxmox never received ends failed and is not started")
    func neverStarted() async throws {
        try await RunnerHarness.run { harness in
            try await harness.journal.save(Self.started("m-lost", vmid: 116, from: "pve3", to: "pve4"))
            let runner = harness.makeRunner()
            await runner.resumeUnfinished()
            let final = await runner.wait("m-lost")
            #expect(final?.state == .failed)
            #expect(final?.error?.contains("none was started") == true)
            #expect(try await harness.migrationTasks(116, on: "pve3").isEmpty)
            #expect(try await harness.node(of: 116) == "pve3")
        }
    }

    @Test("moves queued but not started before the crash resume one after another")
    func queuedResumeInOrder() async throws {
        try await RunnerHarness.run(timeScale: 0.2) { harness in
            try await harness.journal.save(Self.started("m-first", vmid: 116, from: "pve3", to: "pve4", state: .queued))
            try await harness.journal.save(Self.started("m-second", vmid: 153, from: "pve6", to: "pve5", state: .queued))
            let runner = harness.makeRunner()
            await runner.resumeUnfinished()
            let first = try #require(await runner.wait("m-first"))
            let second = try #require(await runner.wait("m-second"))
            #expect(first.state == .completed && second.state == .completed)
            #expect(try #require(second.startedAt) >= (try #require(first.finishedAt)))
        }
    }

    @Test("Proxmox unreachable at the restart: the runner keeps asking, then decides from the answer")
    func proxmoxDownAtRestart() async throws {
        try await RunnerHarness.run { harness in
            try await harness.journal.save(Self.started("m-wait", vmid: 116, from: "pve3", to: "pve4"))
            _ = try await harness.pve.migrate("pve3", kind: .qemu, vmid: 116, target: "pve4", options: PVEMigrateOptions(online: true))
            var faults = SimulatorFaults()
            faults.errorRate = 1
            await harness.simulator.simulator.setFaults(faults)
            let runner = harness.makeRunner()
            await runner.resumeUnfinished()
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await harness.journal.migration("m-wait")?.state == .running)
            await harness.simulator.simulator.setFaults(SimulatorFaults())
            let final = await runner.wait("m-wait")
            #expect(final?.state == .completed, "\(final?.error ?? "")")
            #expect(try await harness.migrationTasks(116, on: "pve3").count == 1)
        }
    }

    @Test("a migration with a known task is followed; a queued one is validated and run after it")
    func followsAndRuns() async throws {
        try await RunnerHarness.run(timeScale: 0.1) { harness in
            var running = Self.started("m-known", vmid: 116, from: "pve3", to: "pve4")
            running.upid = try await harness.pve.migrate(
                "pve3", kind: .qemu, vmid: 116, target: "pve4", options: PVEMigrateOptions(online: true)
            ).rawValue
            try await harness.journal.save(running)
            try await harness.journal.save(Self.started("m-queued", vmid: 121, from: "pve4", to: "pve3", state: .queued))

            let runner = harness.makeRunner()
            await runner.resumeUnfinished()
            let known = await runner.wait("m-known")
            #expect(known?.state == .completed)
            let queued = await runner.wait("m-queued")
            #expect(queued?.state == .completed, "\(queued?.error ?? "")")
            let knownEnd = try #require(known?.finishedAt)
            #expect(try #require(queued?.startedAt) >= knownEnd, "the queued move started while the followed one still ran")
            #expect(try await harness.migrationTasks(116, on: "pve3").count == 1)
            #expect(try await harness.migrationTasks(121, on: "pve4").count == 1)
            #expect(try await harness.journal.unfinished().isEmpty)
        }
    }
}
