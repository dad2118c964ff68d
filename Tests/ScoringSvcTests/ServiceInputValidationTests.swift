import Contract
import Foundation
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

/// Scoring's refusals of bad input name the JSON key the user wrote and what is allowed.
@Suite("Service: input validation")
struct ServiceInputValidationTests {
    func settingsRefusal(_ json: String) -> ReplyError? {
        replyError { () throws(ReplyError) in try SettingsUpdate.apply(Data(json.utf8), to: ScoringSettings()) }
    }

    @Test(
        "every number is bounded: huge, negative and out-of-range values are refused naming the key and the range",
        arguments: [
            (#"{"penalties": {"cpu_high": 1e300}}"#, "penalties.cpu_high: must be from 0 to 1000, got 1e+300"),
            (#"{"penalties": {"cpu_threshold_offset1": 500}}"#, "penalties.cpu_threshold_offset1: must be from 0 to 100, got 500"),
            (#"{"penalties": {"cpu_threshold_offset_1": 500}}"#, "penalties.cpu_threshold_offset_1: must be from 0 to 100, got 500"),
            (
                #"{"penalties": {"seasonal_baseline": {"sigma_threshold": 1e12}}}"#,
                "penalties.seasonal_baseline.sigma_threshold: must be from 0.1 to 10"
            ),
            (#"{"penalties": {"maintenance_score_boost": 1001}}"#, "penalties.maintenance_score_boost: must be from 0 to 1000, got 1001"),
            (#"{"stale_after_intervals": 1e300}"#, "stale_after_intervals: must be from 1 to 100, got 1e+300"),
            (#"{"distribution": {"max_cores": 1e9}}"#, "distribution.max_cores: must be from 0 to 1024"),
            (#"{"distribution": {"max_memory_gib": -1}}"#, "distribution.max_memory_gib: must be from 0 to 65536, got -1"),
            (#"{"distribution": {"guest_count_threshold": 5000}}"#, "distribution.guest_count_threshold: must be from 1 to 1000, got 5000"),
            (#"{"max_moves_per_plan": 1001}"#, "max_moves_per_plan: must be from 1 to 1000, got 1001"),
            (#"{"migration_link_gbps": 0}"#, "migration_link_gbps: must be from 0.1 to 1000, got 0"),
        ])
    func bounds(json: String, message: String) throws {
        let error = try #require(settingsRefusal(json))
        #expect(error.code == "invalid")
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    @Test("the migration link speed is a setting: updated, and kept when settings are read back")
    func migrationLink() throws {
        let updated = try SettingsUpdate.apply(Data(#"{"migration_link_gbps": 25}"#.utf8), to: ScoringSettings())
        #expect(updated.migrationLinkGbps == 25)
        let stored = try MessageCoding.encode(updated)
        #expect(try SettingsUpdate.restore(stored).migrationLinkGbps == 25)
        #expect(String(decoding: stored, as: UTF8.self).contains(#""migration_link_gbps":25"#))
        // Settings stored before the key existed get the default.
        #expect(try SettingsUpdate.restore(Data(#"{"max_moves_per_plan": 5}"#.utf8)).migrationLinkGbps == 10)
    }

    @Test("a misspelt key is refused naming it where it was written, with the closest key suggested")
    func misspelt() {
        #expect(settingsRefusal(#"{"max_moves": 3}"#) == .invalid("max_moves: unknown key (did you mean 'max_moves_per_plan'?)"))
        #expect(
            settingsRefusal(#"{"penalties": {"cpu_treshold": 50}}"#)
                == .invalid("penalties.cpu_treshold: unknown key (did you mean 'cpu_threshold'?)"))
        #expect(
            settingsRefusal(#"{"penalties": {"cpu_threshold": "high"}}"#)
                == .invalid(#"penalties.cpu_threshold: expected a number, got "high" (a string)"#))
    }

    @Test("maintenance: a node of the latest snapshot, a sane name; OFF clears a stored node that left the cluster")
    func maintenanceNodes() {
        func refusal(_ node: String, on: Bool = true, nodes: [String]? = ["pve1", "pve2"], stored: Set<String> = []) -> ReplyError? {
            replyError { () throws(ReplyError) in try MaintenanceCommand.check(node: node, on: on, nodes: nodes, inMaintenance: stored) }
        }
        #expect(refusal("pve2") == nil)
        let ghost = refusal("ghostnode")
        #expect(ghost?.code == "not_found")
        #expect(ghost?.message.hasPrefix("node: 'ghostnode' is not a node of the cluster (nodes: pve1, pve2)") == true)
        #expect(refusal(String(repeating: "x", count: 3000)) == .invalid("node: must be 1–63 characters, got 3000 characters"))
        #expect(refusal("pve2", nodes: nil)?.code == "no_data")
        #expect(refusal("gone", on: false, stored: ["gone"]) == nil)
        #expect(refusal("gone", on: false, nodes: nil, stored: ["gone"]) == nil)
        #expect(refusal("ghostnode", on: false)?.code == "not_found")
    }

    @Test(
        "requests: unknown keys and values out of range are refused naming the key",
        arguments: [
            ("why", #"{"id":"1","vmid":101,"verbose":true}"#, "invalid", "verbose: unknown key"),
            ("why", #"{"id":"1","vmdi":101}"#, "invalid", "vmdi: unknown key (did you mean 'vmid'?)"),
            ("migration_options", #"{"id":"1","vmid":-5}"#, "invalid", "vmid: must be an integer from 100 to 999999999, got -5"),
            ("recommendations", #"{"id":"1","min_confidence":1e300}"#, "invalid", "min_confidence: must be from 0 to 100, got 1e+300"),
            ("recommendations", #"{"id":"1","offset":-1}"#, "invalid", "offset: must be an integer from 0 to 1000000, got -1"),
            ("recommendations", #"{"id":"1","urgency":"asap"}"#, "malformed", #"urgency: must be one of "#),
            ("recommendations", #"{"id":"1","limit":"ten"}"#, "malformed", "limit: expected an integer"),
            ("export", #"{"id":"1","format":"xml"}"#, "malformed", #"format: must be one of csv, json, got "xml""#),
        ])
    func requests(op: String, json: String, code: String, message: String) throws {
        let state = ScoringState(input: nil, plan: nil)
        let reply = try MessageCoding.decode(
            Reply<JSONValue>.self, from: Data(ScoringRequests.answer(op: op, payload: Data(json.utf8), state: state)))
        #expect(reply.error?.code == code)
        #expect(reply.error?.message.hasPrefix(message) == true, "\(reply.error?.message ?? "")")
        #expect(reply.id == "1")
    }
}
