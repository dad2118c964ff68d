import Contract
import ExecutorSvc
import Foundation
import MQTT
import TestSupport
import Testing

/// Migrations carried out against the simulator, followed to the end, published on a real broker.
@Suite("Runner: migrations against the simulator", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct RunnerMigrationTests {
    @Test("a VM moves live with progress to completion; its states are published and journaled")
    func vmCompletes() async throws {
        try await RunnerHarness.run { harness in
            let states = try await harness.observer.subscribe(harness.topics.migration("+"))
            let events = try await harness.observer.subscribe(harness.topics.events(.migrations))
            let runner = harness.makeRunner()
            let final = try await runner.run(RunnerHarness.order(116, to: "pve4"), label: try await harness.label(116))

            #expect(final.state == .completed)
            #expect(final.command == "qm migrate 116 pve4 --online")
            #expect(final.upid?.contains(":qmigrate:116:") == true)
            #expect(final.validation?.passed == true)
            #expect((final.durationSeconds ?? 0) > 0)
            #expect(try await harness.node(of: 116) == "pve4")

            var seen: [MigrationPhase] = []
            var percents: [Double] = []
            while seen.last != .completed {
                let (status, _) = try await TestBus.next(MigrationStatus.self, on: states) { $0.id == final.id }
                if seen.last != status.state { seen.append(status.state) }
                if status.state == .running, let percent = status.progress?.percent { percents.append(percent) }
            }
            #expect(seen == [.queued, .validating, .running, .completed])
            #expect(!percents.isEmpty, "progress was published while the VM's memory was copied")
            #expect(percents == percents.sorted())

            let (started, _) = try await TestBus.next(BusEvent.self, on: events) { $0.kind == "started" }
            let (completed, _) = try await TestBus.next(BusEvent.self, on: events) { $0.kind == "completed" }
            #expect(started.details.contains(.init("target", "pve4")))
            #expect(completed.title.contains("116"))
            #expect(completed.details.contains { $0.name == "duration_s" })
            #expect(try await harness.journal.migration(final.id)?.state == .completed)
        }
    }

    @Test("a container moves with a restart; a VM with local disks takes them along")
    func containerAndLocalDisks() async throws {
        try await RunnerHarness.run(timeScale: 0.1) { harness in
            let states = try await harness.observer.subscribe(harness.topics.migration("+"))
            let runner = harness.makeRunner()
            let container = try await runner.run(RunnerHarness.order(113, to: "pve5"), label: try await harness.label(113))
            #expect(container.state == .completed)
            #expect(container.command == "pct migrate 113 pve5 --restart")
            #expect(container.upid?.contains(":vzmigrate:113:") == true)
            #expect(try await harness.node(of: 113) == "pve5")

            let vm = try await runner.run(RunnerHarness.order(121, to: "pve3"), label: try await harness.label(121))
            #expect(vm.state == .completed, "\(vm.error ?? "")")
            #expect(vm.command == "qm migrate 121 pve3 --online --with-local-disks")
            #expect(try await harness.node(of: 121) == "pve3")
            let id = vm.id
            let (copying, _) = try await TestBus.next(MigrationStatus.self, on: states) {
                $0.id == id && $0.progress?.phase.hasPrefix("disk:") == true
            }
            #expect(copying.progress?.phase == "disk:scsi0")
            #expect((copying.progress?.totalBytes ?? 0) > 30 * 1_073_741_824)
        }
    }

    @Test("a stopped VM moves offline: no --online, it ends on the target and stays stopped")
    func stoppedVMOffline() async throws {
        try await RunnerHarness.run(timeScale: 0.1) { harness in
            let runner = harness.makeRunner()
            let final = try await runner.run(RunnerHarness.order(130, to: "pve5"), label: try await harness.label(130))
            #expect(final.state == .completed, "\(final.error ?? "")")
            #expect(final.validation?.passed == true)
            #expect(final.command == "qm migrate 130 pve5")
            #expect(final.upid?.contains(":qmigrate:130:") == true)
            #expect(try await harness.node(of: 130) == "pve5")
            #expect(try await harness.status(of: 130) == "stopped")
        }
    }

    @Test("an HA-managed VM moves through Proxmox HA and the real task is followed")
    func haManaged() async throws {
        try await RunnerHarness.run { harness in
            let runner = harness.makeRunner()
            let final = try await runner.run(RunnerHarness.order(151, to: "pve5"), label: try await harness.label(151))
            #expect(final.state == .completed, "\(final.error ?? "")")
            #expect(final.haUpid?.contains(":hamigrate:151:") == true)
            #expect(final.upid?.contains(":qmigrate:151:") == true)
            #expect(try await harness.node(of: 151) == "pve5")
        }
    }

    @Test("dry run validates and records the command without moving anything")
    func dryRun() async throws {
        try await RunnerHarness.run { harness in
            let final = try await harness.makeRunner().run(
                RunnerHarness.order(116, to: "pve4", dryRun: true), label: try await harness.label(116))
            #expect(final.state == .dryRun)
            #expect(final.upid == nil)
            #expect(final.validation?.passed == true)
            #expect(final.message.contains("qm migrate 116 pve4 --online"))
            #expect(try await harness.node(of: 116) == "pve3")
            #expect(try await harness.migrationTasks(116, on: "pve3").isEmpty)
        }
    }
}
