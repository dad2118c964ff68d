import Contract
import ExecutorSvc
import Foundation
import MQTT
import PVESimulator
import ProxmoxAPI
import ProxmoxClient
import TestSupport
import Testing

/// `task_log` over a real mosquitto: a migration's Proxmox task log read live from the simulator.
@Suite("Service: task_log over MQTT", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ServiceTaskLogTests {
    @Test("the log of a completed migration is the simulator's, complete; a limit cuts it; nothing is journaled")
    func completedMigration() async throws {
        try await ServiceHarness.run { harness in
            let moved = try #require(
                try await harness.request("migrate", #"{"id":"m1","vmid":116,"target":"pve4"}"#, as: MigrationStatus.self).result)
            let final = try await harness.finalState(moved.id)
            let upid = try PVEUPID(parsing: try #require(final.upid))
            let expected = try await harness.runner.pve.taskLog(upid, start: 0, limit: 0).lines.map(\.text)

            let reply = try await harness.request("task_log", #"{"id":"t1","migration_id":"\#(moved.id)"}"#, as: TaskLogReply.self)
            let log = try #require(reply.result, "\(reply.error?.message ?? "")")
            #expect(log.migrationId == moved.id && log.upid == upid.rawValue && log.node == "pve3")
            #expect(log.lines == expected && log.lines.last == "TASK OK")
            #expect(log.complete)

            let cut = try await harness.request("task_log", #"{"id":"t2","migration_id":"\#(moved.id)","limit":2}"#, as: TaskLogReply.self)
            #expect(cut.result?.lines == Array(expected.prefix(2)))
            #expect(cut.result?.complete == false)

            let journal = try harness.journal()
            #expect(try await journal.history(limit: 100).map(\.id) == [moved.id])
            let ledger = CommandLedger(
                database: try ExecutorDatabase.open(
                    directory: harness.directory, cluster: RunnerHarness.cluster, logger: RunnerHarness.logger))
            #expect(try await ledger.answer(op: "task_log", id: "t1") == nil)

            await harness.runner.inject(SimulatorFaults(offlineNodes: ["pve3"]))
            let down = try await harness.request("task_log", #"{"id":"t3","migration_id":"\#(moved.id)"}"#, as: TaskLogReply.self)
            #expect(down.error?.code == "proxmox_unavailable")
            await harness.runner.inject(SimulatorFaults())
        }
    }

    @Test("an unknown migration is not_found; one without a task (a dry run) is invalid and says why; a bad limit is invalid")
    func refusals() async throws {
        try await ServiceHarness.run { harness in
            let unknown = try await harness.request("task_log", #"{"id":"t1","migration_id":"m-nothing"}"#, as: TaskLogReply.self)
            #expect(unknown.id == "t1" && unknown.error == .notFound("no migration 'm-nothing'"))

            let dry = try #require(
                try await harness.request("migrate", #"{"id":"d1","vmid":116,"target":"pve4","dry_run":true}"#, as: MigrationStatus.self)
                    .result)
            #expect(try await harness.finalState(dry.id).state == .dryRun)
            let noTask = try await harness.request("task_log", #"{"id":"t2","migration_id":"\#(dry.id)"}"#, as: TaskLogReply.self)
            #expect(noTask.error?.code == "invalid" && noTask.error?.message.contains("dry run") == true)

            let zero = try await harness.request("task_log", #"{"id":"t3","migration_id":"\#(dry.id)","limit":0}"#, as: TaskLogReply.self)
            #expect(zero.error == .invalid("limit: must be an integer from 1 to 5000, got 0"))
            let missing = try await harness.request("task_log", #"{"id":"t4"}"#, as: TaskLogReply.self)
            #expect(missing.error?.code == "malformed")
        }
    }
}
