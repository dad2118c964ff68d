import Contract
import ExecutorSvc
import Foundation
import PVESimulator
import TestSupport
import Testing

/// What Proxmox refuses and what validation blocks, against the simulator.
@Suite("Runner: failures and blocked moves", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct RunnerFailureTests {
    @Test("Proxmox's own errors end the migration as failed with Proxmox's text")
    func proxmoxErrors() async throws {
        try await RunnerHarness.run(timeScale: 0.1) { harness in
            let runner = harness.makeRunner()
            let offline = try await runner.run(RunnerHarness.order(116, to: "pve4", online: false), label: try await harness.label(116))
            #expect(offline.state == .failed)
            #expect(offline.error?.contains("can't migrate running VM without --online") == true)
            #expect(offline.command == "qm migrate 116 pve4")

            let bind = try await runner.run(RunnerHarness.order(152, to: "pve5"), label: try await harness.label(152))
            #expect(bind.state == .failed)
            #expect(bind.error?.contains("cannot migrate local bind mount point 'mp0'") == true, "\(bind.error ?? "")")
            #expect(try await harness.node(of: 152) == "pve6")

            var faults = SimulatorFaults()
            faults.failMigrations = [121]
            await harness.simulator.simulator.setFaults(faults)
            let aborted = try await runner.run(RunnerHarness.order(121, to: "pve3"), label: try await harness.label(121))
            #expect(aborted.state == .failed)
            #expect(aborted.error?.hasPrefix("migration aborted") == true, "\(aborted.error ?? "")")
            #expect(aborted.upid != nil)
            #expect(try await harness.node(of: 121) == "pve4")
        }
    }

    @Test("without quorum nothing is sent to Proxmox; the report says why")
    func noQuorum() async throws {
        try await RunnerHarness.run { harness in
            var faults = SimulatorFaults()
            faults.quorate = false
            await harness.simulator.simulator.setFaults(faults)
            let final = try await harness.makeRunner().run(RunnerHarness.order(116, to: "pve4"), label: try await harness.label(116))
            #expect(final.state == .skipped)
            #expect(final.validation?.firstFailure?.name == "quorum")
            #expect(final.validation?.checks.first { $0.name == "storage" }?.detail.contains("no quorum") == true)
            #expect(try await harness.migrationTasks(116, on: "pve3").isEmpty)
        }
    }

    @Test(
        "each live check blocks its move with its reason",
        arguments: [
            (vmid: 999, target: "pve4", check: "guest_exists"),
            (vmid: 116, target: "pve3", check: "guest_location"),
            (vmid: 116, target: "pve9", check: "target_online"),
            (vmid: 116, target: "pve4", check: "target_not_maintenance"),
            (vmid: 123, target: "pve5", check: "anti_affinity"),
            (vmid: 150, target: "pve5", check: "local_resources"),
        ])
    func blocked(vmid: Int, target: String, check: String) async throws {
        try await RunnerHarness.run { harness in
            let runner = harness.makeRunner()
            await runner.setMaintenance(["pve4"])
            let label = (try? await harness.label(vmid)) ?? GuestLabelFacts(type: .qemu, name: nil, node: "pve3", haManaged: false)
            let final = try await runner.run(RunnerHarness.order(vmid, to: target), label: label)
            #expect(final.state == .skipped)
            #expect(final.validation?.firstFailure?.name == check)
            #expect(final.error == final.validation?.firstFailure?.detail)
            #expect(final.message.contains(check))
        }
    }

    @Test("a guest already migrating is not migrated again")
    func alreadyMigrating() async throws {
        try await RunnerHarness.run(timeScale: 1) { harness in
            let runner = harness.makeRunner()
            let label = try await harness.label(116)
            let first = try await runner.submit(RunnerHarness.order(116, to: "pve4"), label: label)
            let second = try await runner.run(RunnerHarness.order(116, to: "pve5"), label: label)
            #expect(second.state == .skipped)
            // Depending on timing the guest may already carry Proxmox's migrate lock too.
            #expect(second.validation?.checks.first { $0.name == "no_active_migration" }?.passed == false)
            #expect(await runner.wait(first.id)?.state == .completed)
            #expect(try await harness.migrationTasks(116, on: "pve3").count == 1)
        }
    }

    @Test("cancel stops the Proxmox task; the guest stays on its source")
    func cancel() async throws {
        try await RunnerHarness.run(timeScale: 1) { harness in
            let runner = harness.makeRunner()
            let queued = try await runner.submit(RunnerHarness.order(116, to: "pve4"), label: try await harness.label(116))
            var running = try await harness.journal.migration(queued.id)
            while running?.upid == nil {
                try await Task.sleep(for: .milliseconds(50))
                running = try await harness.journal.migration(queued.id)
            }
            _ = try await runner.cancel(queued.id)
            let final = await runner.wait(queued.id)
            #expect(final?.state == .cancelled)
            #expect(try await harness.node(of: 116) == "pve3")
            await #expect(throws: ReplyError.self) { try await runner.cancel(queued.id) }
        }
    }
}
