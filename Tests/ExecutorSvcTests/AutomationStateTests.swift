import Contract
import ExecutorPolicy
import ExecutorSvc
import Foundation
import Testing

@Suite("Automation state")
struct AutomationStateTests {
    typealias F = AutomationFixtures

    @Test("the state round-trips through the contract's JSON with snake_case keys")
    func jsonRoundTrip() throws {
        var state = AutomationPolicy.decide(F.input([F.move(101), F.move(102, confidence: 10)], settings: F.settings { $0.dryRun = true }))
        state.mark("101:pve1:pve2", .dryRun, migrationId: "m-1")
        let data = try MessageCoding.encode(state)
        let json = String(decoding: data, as: UTF8.self)
        for fragment in [
            "\"safety_checks\":{", "\"migration_window\":{\"detail\":", "\"running_migrations\":{\"count\":0,\"max_concurrent\":3}",
            "\"plan_generated_at\":\"2026-11-30T10:29:00Z\"", "\"recommendation_id\":\"101:pve1:pve2\"", "\"risk_score\":20",
            "\"migration_id\":\"m-1\"", "\"action\":\"dry_run\"", "\"code\":\"min_confidence\"", "\"mode\":\"dry_run\"",
            "\"kind\":\"overload_relief\"", "\"status\":\"ready\"",
        ] {
            #expect(json.contains(fragment), "missing \(fragment) in \(json)")
        }
        #expect(try MessageCoding.decode(AutomationState.self, from: data) == state)
    }

    @Test("marking outcomes turns a ready run into success, partial or failed")
    func conclude() {
        let ready = AutomationPolicy.decide(F.input([F.move(101), F.move(102), F.move(103, confidence: 1)]))
        #expect(ready.status == .ready)

        var success = ready
        success.mark("101:pve1:pve2", .executed, migrationId: "m-1")
        success.mark("102:pve1:pve2", .executed, migrationId: "m-2")
        success.conclude()
        #expect(success.status == .success)
        #expect(success.candidate(101)?.migrationId == "m-1")
        #expect(success.candidate(101)?.code == .selected)

        var partial = ready
        partial.mark("101:pve1:pve2", .executed)
        partial.mark("102:pve1:pve2", .failed, reason: "VM 102 (vm102): migration failed: storage missing")
        partial.conclude()
        #expect(partial.status == .partial)
        #expect(partial.candidate(102)?.reason == "VM 102 (vm102): migration failed: storage missing")

        var failed = ready
        failed.mark("101:pve1:pve2", .failed)
        let unknownMarked = failed.mark("999:pve1:pve2", .failed)
        #expect(!unknownMarked)
        failed.conclude()
        #expect(failed.status == .failed)
    }
}
