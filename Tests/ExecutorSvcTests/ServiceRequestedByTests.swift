import Contract
import ExecutorSvc
import Foundation
import MQTT
import SQLite
import TestSupport
import Testing

/// `requested_by` over a real mosquitto and the simulator: who a front end sent a command for is
/// recorded with the migration, its events and its history; a bad one is refused.
@Suite("Service: requested_by over MQTT", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ServiceRequestedByTests {
    @Test("a migrate with requested_by: the retained state, both events, the journal column and the history carry it")
    func migrateCarriesIt() async throws {
        try await ServiceHarness.run { harness in
            let events = try await harness.client.subscribe(harness.topics.events(.migrations))
            let reply = try await harness.request(
                "migrate", #"{"id":"w1","vmid":116,"target":"pve4","requested_by":"web:alice"}"#, as: MigrationStatus.self)
            let queued = try #require(reply.result, "\(reply.error?.message ?? "")")
            #expect(queued.requestedBy == "web:alice" && queued.cancelledBy == nil)
            let final = try await harness.finalState(queued.id)
            #expect(final.state == .completed && final.requestedBy == "web:alice")

            let id = queued.id
            let (started, _) = try await TestBus.next(BusEvent.self, on: events, within: .seconds(30)) { $0.id == "\(id)-started" }
            let (completed, _) = try await TestBus.next(BusEvent.self, on: events, within: .seconds(30)) { $0.id == "\(id)-completed" }
            #expect(started.details.contains(.init("requested_by", "web:alice")))
            #expect(completed.details.contains(.init("requested_by", "web:alice")))

            let database = try ExecutorDatabase.open(directory: harness.directory, cluster: RunnerHarness.cluster, logger: RunnerHarness.logger)
            let rows = try await database.read { try $0.query("SELECT requested_by FROM migrations WHERE id = ?", [.text(id)]) }
            #expect(rows.first?.string("requested_by") == "web:alice")

            let json = try await harness.request("history", #"{"id":"h1","vmid":116,"requested_by":"web:alice"}"#, as: HistoryReply.self)
            #expect(json.result?.migrations?.first { $0.id == id }?.requestedBy == "web:alice")
            let csv = try await harness.request("history", #"{"id":"h2","vmid":116,"format":"csv"}"#, as: HistoryReply.self)
            let lines = csv.result?.csv?.split(separator: "\r\n") ?? []
            #expect(lines.first?.hasSuffix(",recommendation_id,predicted_improvement,requested_by") == true)
            #expect(lines.contains { $0.hasPrefix(id) && $0.hasSuffix(",web:alice") })
        }
    }

    @Test("an invalid requested_by is refused naming the key, on every op and settings update; nothing happens")
    func invalidRefused() async throws {
        try await ServiceHarness.run { harness in
            let tooLong = String(repeating: "u", count: 129)
            let empty = try await harness.request(
                "migrate", #"{"id":"b1","vmid":116,"target":"pve4","requested_by":""}"#, as: JSONValue.self)
            #expect(empty.id == "b1" && empty.error == .invalid("requested_by: must be 1–128 characters, got '' (0 characters)"))
            let long = try await harness.request(
                "migrate", #"{"id":"b2","vmid":116,"target":"pve4","requested_by":"\#(tooLong)"}"#, as: JSONValue.self)
            #expect(long.error == .invalid("requested_by: must be 1–128 characters, got 129 characters"))
            let number = try await harness.request(
                "migrate", #"{"id":"b3","vmid":116,"target":"pve4","requested_by":42}"#, as: JSONValue.self)
            #expect(number.error?.code == "malformed" && number.error?.message.hasPrefix("requested_by") == true)

            let others = [
                ("evacuate", #""node":"pve3""#), ("rollback", #""migration_id":"m-1""#), ("cancel", #""migration_id":"m-1""#),
                ("run_automation", ""), ("validate", #""vmid":116"#), ("history", ""), ("task_log", #""migration_id":"m-1""#),
            ]
            for (op, body) in others {
                let payload = #"{"id":"b-\#(op)","requested_by":"\#(tooLong)"\#(body.isEmpty ? "" : ",")\#(body)}"#
                let answer = try await harness.request(op, payload, as: JSONValue.self)
                #expect(answer.error?.code == "invalid" && answer.error?.message.hasPrefix("requested_by:") == true, "\(op)")
            }
            let settings = try await harness.settings(#"{"id":"s1","enabled":true,"requested_by":""}"#)
            #expect(settings.error == .invalid("requested_by: must be 1–128 characters, got '' (0 characters)"))
            let accepted = try await harness.settings(#"{"id":"s2","max_concurrent":2,"requested_by":"web:alice"}"#)
            #expect(accepted.result?.maxConcurrent == 2 && accepted.result?.enabled == false)

            #expect(try await harness.runner.migrationTasks(116, on: "pve3").isEmpty)
            #expect(try await harness.journal().history(limit: 100).isEmpty)
        }
    }

    @Test("cancel records who cancelled; the cancelled event names both")
    func cancelRecordsCanceller() async throws {
        try await ServiceHarness.run(timeScale: 1) { harness in
            let events = try await harness.client.subscribe(harness.topics.events(.migrations))
            let reply = try await harness.request(
                "migrate", #"{"id":"w2","vmid":116,"target":"pve4","requested_by":"web:alice"}"#, as: MigrationStatus.self)
            let id = try #require(reply.result?.id)
            let states = try await harness.client.subscribe(harness.topics.migration(id))
            _ = try await TestBus.next(MigrationStatus.self, on: states, within: .seconds(30)) { $0.upid != nil }

            let running = try await harness.request("task_log", #"{"id":"t1","migration_id":"\#(id)"}"#, as: TaskLogReply.self)
            #expect(running.result?.complete == false)
            let cancel = try await harness.request(
                "cancel", #"{"id":"x1","migration_id":"\#(id)","requested_by":"web:bob"}"#, as: MigrationStatus.self)
            #expect(cancel.ok, "\(cancel.error?.message ?? "")")

            let (final, _) = try await TestBus.next(MigrationStatus.self, on: states, within: .seconds(30)) { $0.state.isFinal }
            #expect(final.state == .cancelled && final.cancelledBy == "web:bob" && final.requestedBy == "web:alice")
            #expect(final.message.contains("cancelled by web:bob"))
            let (event, _) = try await TestBus.next(BusEvent.self, on: events, within: .seconds(30)) { $0.id == "\(id)-cancelled" }
            #expect(event.details.contains(.init("cancelled_by", "web:bob")))
            #expect(event.details.contains(.init("requested_by", "web:alice")))
        }
    }
}
