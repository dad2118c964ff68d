import Contract
import ExecutorSvc
import Foundation
import MQTT
import TestSupport
import Testing

/// Commands over MQTT to the executor service, against the simulator.
@Suite("Service: commands over MQTT", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ServiceCommandTests {
    @Test("migrate answers at once with the migration id; a redelivered command does nothing twice")
    func migrateOnce() async throws {
        try await ServiceHarness.run { harness in
            let command = #"{"id":"cmd-1","vmid":116,"target":"pve4"}"#
            let first = try await harness.request("migrate", command, as: MigrationStatus.self)
            let queued = try #require(first.result)
            #expect(first.ok && first.id == "cmd-1")
            #expect(queued.state == .queued && queued.vmid == 116 && queued.commandId == "cmd-1")

            let again = try await harness.request("migrate", command, as: MigrationStatus.self)
            #expect(again.result?.id == queued.id)

            let final = try await harness.finalState(queued.id)
            #expect(final.state == .completed)
            let third = try await harness.request("migrate", command, as: MigrationStatus.self)
            #expect(third.result?.id == queued.id)
            #expect(try await harness.runner.migrationTasks(116, on: "pve3").count == 1)
            #expect(try await harness.runner.node(of: 116) == "pve4")
        }
    }

    @Test("malformed, id-less and unknown requests are answered with an error and change nothing")
    func badRequests() async throws {
        try await ServiceHarness.run { harness in
            let malformed = try await harness.request("migrate", #"{"id":"x1","vmid":"one"}"#, as: JSONValue.self)
            #expect(malformed.ok == false && malformed.error?.code == "malformed" && malformed.id == "x1")
            let notJSON = try await harness.request("migrate", "move it", as: JSONValue.self)
            #expect(notJSON.error?.code == "malformed")
            let noID = try await harness.request("migrate", #"{"vmid":116,"target":"pve4"}"#, as: JSONValue.self)
            #expect(noID.error?.code == "malformed" && noID.error?.message.contains("'id' is required") == true)
            let unknown = try await harness.request("teleport", #"{"id":"x2"}"#, as: JSONValue.self)
            #expect(unknown.error?.code == "unknown_operation")
            let missing = try await harness.request("migrate", #"{"id":"x3","vmid":4242,"target":"pve4"}"#, as: JSONValue.self)
            #expect(missing.error?.code == "not_found")
            let noTarget = try await harness.request("migrate", #"{"id":"x4","vmid":116}"#, as: JSONValue.self)
            #expect(noTarget.error?.code == "invalid")
            #expect(try await harness.runner.migrationTasks(116, on: "pve3").isEmpty)
        }
    }

    @Test("a retained command left on the request topic is not carried out when the executor (re)starts")
    func retainedIgnored() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-retained")
        defer { directory.remove() }
        try await RunnerHarness.run { runner in
            let client = try await TestBus.client(runner.broker, name: "admin")
            let harness = ServiceHarness(runner: runner, client: client, directory: directory.path)
            let topic = harness.topics.request(.executor, op: "migrate")
            try await client.publish(MQTTMessage(topic: topic, string: #"{"id":"r1","vmid":121,"target":"pve3"}"#, retain: true))
            let service = try await harness.startService()
            // A later command is carried out, so the service was listening while the retained one was ignored.
            let later = try await harness.request("migrate", #"{"id":"r2","vmid":116,"target":"pve4","dry_run":true}"#, as: MigrationStatus.self)
            #expect(later.ok)
            #expect(try await harness.finalState(try #require(later.result?.id)).state == .dryRun)
            try await service.stop()
            #expect(try await harness.runner.migrationTasks(121, on: "pve4").isEmpty)
            let journal = try harness.journal()
            #expect(try await journal.history(vmid: 121).isEmpty)
            #expect(try await journal.history(vmid: 116).map(\.commandId) == ["r2"])
            try await client.publish(MQTTMessage(topic: topic, payload: [], retain: true))
            await client.disconnect()
        }
    }

    @Test("validate lists every check; history exports JSON and CSV; rollback moves the guest back")
    func validateHistoryRollback() async throws {
        try await ServiceHarness.run(timeScale: 0.2) { harness in
            let report = try await harness.request("validate", #"{"vmid":116,"target":"pve4"}"#, as: ValidationReport.self)
            #expect(report.result?.passed == true)
            #expect(report.result?.checks.count == 13)

            let moved = try #require(
                try await harness.request("migrate", #"{"id":"m1","vmid":116,"target":"pve4"}"#, as: MigrationStatus.self).result)
            #expect(try await harness.finalState(moved.id).state == .completed)

            let back = try await harness.request(
                "rollback", #"{"id":"rb1","migration_id":"\#(moved.id)","requested_by":"web:carol"}"#, as: RollbackReply.self)
            let rollback = try #require(back.result, "\(back.error?.message ?? "")")
            #expect(rollback.migration.origin == .rollback && rollback.migration.rollbackOf == moved.id)
            #expect(rollback.migration.requestedBy == "web:carol" && moved.requestedBy == nil)
            #expect(rollback.migration.source == "pve4" && rollback.migration.target == "pve3")
            #expect(rollback.conditions.contains("pve3 had CPU"))
            #expect(try await harness.finalState(rollback.migration.id).state == .completed)
            #expect(try await harness.runner.node(of: 116) == "pve3")

            let unknown = try await harness.request("rollback", #"{"id":"rb2","migration_id":"m-nothing"}"#, as: RollbackReply.self)
            #expect(unknown.error?.code == "not_found")

            let json = try await harness.request("history", #"{"vmid":116,"format":"json"}"#, as: HistoryReply.self)
            #expect((json.result?.count ?? 0) >= 2)
            #expect(json.result?.migrations?.contains { $0.id == moved.id && $0.state == .completed } == true)
            let csv = try await harness.request("history", #"{"vmid":116,"format":"csv"}"#, as: HistoryReply.self)
            let lines = csv.result?.csv?.split(separator: "\r\n") ?? []
            #expect(lines.first?.hasPrefix("id,created_at,origin,vmid") == true)
            #expect(lines.contains { $0.hasPrefix(moved.id) && $0.contains(",completed,") })
        }
    }
}
