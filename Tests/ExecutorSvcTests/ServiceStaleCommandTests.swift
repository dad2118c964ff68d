import Contract
import ExecutorSvc
import Foundation
import TestSupport
import Testing

/// Commands that waited too long are refused, not carried out.
@Suite("Service: stale commands", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(2)))
struct ServiceStaleCommandTests {
    static func iso(_ offset: TimeInterval) -> String { ISO8601DateFormatter().string(from: Date().addingTimeInterval(offset)) }

    @Test("a migrate sent an hour ago or past its expires_at is refused as stale and moves nothing; a fresh one runs")
    func staleMigrate() async throws {
        try await ServiceHarness.run { harness in
            let old = try await harness.request(
                "migrate", #"{"id":"old-1","vmid":116,"target":"pve4","sent_at":"\#(Self.iso(-3600))"}"#, as: MigrationStatus.self)
            #expect(old.error?.code == "stale" && old.id == "old-1")
            let expired = try await harness.request(
                "evacuate", #"{"id":"old-2","node":"pve3","expires_at":"\#(Self.iso(-5))"}"#, as: JSONValue.self)
            #expect(expired.error?.code == "stale")
            let history = try await harness.request("history", #"{"id":"h"}"#, as: JSONValue.self)
            #expect(history.result == .object(["format": .string("json"), "count": .number(0), "migrations": .array([])]))
            #expect(try await harness.runner.node(of: 116) == "pve3")

            let fresh = try await harness.request(
                "migrate", #"{"id":"new-1","vmid":116,"target":"pve4","dry_run":true,"sent_at":"\#(Self.iso(-2))"}"#,
                as: MigrationStatus.self)
            #expect(fresh.ok && fresh.result?.commandId == "new-1")
        }
    }
}
