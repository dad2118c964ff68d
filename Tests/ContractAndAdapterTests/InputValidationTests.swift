import Contract
import Foundation
import TestSupport
import Testing

/// The shared checks of user input: every refusal names the JSON key the user wrote.
@Suite("Contract: input validation")
struct InputValidationTests {
    struct Probe: Codable, RequestBody {
        var id: String?
        var minSeverity: BusEvent.Severity
        var maxCount: Int?
        static let keys = ["min_severity", "max_count"]
        func check() throws(ReplyError) {
            if let maxCount { try InputCheck.integer(maxCount, "max_count", in: 1...10) }
        }
    }

    func refusal(_ json: String) -> ReplyError? {
        do {
            _ = try Probe.decode(Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test("snake_case keys as the contract writes them")
    func snakeCase() {
        #expect(JSONKey.snakeCase("minSeverity") == "min_severity")
        #expect(JSONKey.snakeCase("requireAutoMigrateOKTag") == "require_auto_migrate_ok_tag")
        #expect(JSONKey.snakeCase("requireAutoMigrateOkTag") == "require_auto_migrate_ok_tag")
        #expect(JSONKey.snakeCase("weight24h") == "weight24h")
        #expect(JSONKey.snakeCase("vmid") == "vmid")
    }

    @Test("a misspelt key is refused naming it, with the closest known key suggested")
    func unknownKeys() {
        #expect(refusal(#"{"id":"1","min_severty":"info"}"#) == .invalid("min_severty: unknown key (did you mean 'min_severity'?)"))
        #expect(refusal(#"{"id":"1","min_severity":"info","colour":1}"#) == .invalid("colour: unknown key"))
        let nested = InputCheck.unknownKey("hgih_cpu", at: "penalties", allowed: ["high_cpu", "low_cpu"])
        #expect(nested == .invalid("penalties.hgih_cpu: unknown key (did you mean 'high_cpu'?)"))
    }

    @Test("decoding errors name the snake_case key and the allowed values, not Swift's names")
    func decodingErrors() {
        let severity = refusal(#"{"id":"1","min_severity":"fatal"}"#)
        #expect(severity == .malformed(#"min_severity: must be one of info, warning, critical, got "fatal""#))
        let type = refusal(#"{"id":"1","min_severity":"info","max_count":"3"}"#)
        #expect(type == .malformed("max_count: expected an integer"))
        let missing = refusal(#"{"id":"1"}"#)
        #expect(missing == .malformed("min_severity: required field is missing"))
        #expect(refusal(#"{"id":"1","min_severity":"info","max_count":11}"#) == .invalid("max_count: must be an integer from 1 to 10, got 11"))
        #expect(refusal("[1]")?.code == "malformed")
    }

    @Test("an id longer than 128 characters is refused")
    func longID() {
        let id = String(repeating: "i", count: 129)
        #expect(refusal(#"{"id":"\#(id)","min_severity":"info"}"#) == .invalid("id: must be 1–128 characters, got 129 characters"))
    }

    @Test("numbers must be finite and in range: 1e300 is refused naming the key and the range")
    func numbers() {
        func refusal(_ value: Double) -> ReplyError? {
            replyError { () throws(ReplyError) in try InputCheck.number(value, "penalties.cpu_high", in: 0...1000) }
        }
        #expect(refusal(1e300) == .invalid("penalties.cpu_high: must be from 0 to 1000, got 1e+300"))
        #expect(refusal(.infinity)?.message.hasPrefix("penalties.cpu_high: must be from 0 to 1000") == true)
        #expect(refusal(.nan)?.code == "invalid")
        #expect(refusal(-1)?.code == "invalid")
        #expect(refusal(1000) == nil)
        let text = replyError { () throws(ReplyError) in _ = try InputCheck.integer(JSONValue.number(2.5), "limit", in: 1...500) }
        #expect(text == .invalid("limit: must be an integer from 1 to 500, got 2.5"))
    }

    @Test("node names: a host name of 1–63 characters, and one of the cluster's when the nodes are known")
    func nodeNames() {
        func refusal(_ name: String, known: [String]? = nil) -> ReplyError? {
            replyError { () throws(ReplyError) in
                if let known { try NodeName.check(name, "node", known: known) } else { try NodeName.check(name, "node") }
            }
        }
        #expect(refusal("pve3") == nil)
        #expect(refusal("pve-3.lan") == nil)
        #expect(refusal(String(repeating: "n", count: 3000)) == .invalid("node: must be 1–63 characters, got 3000 characters"))
        #expect(refusal("") != nil)
        #expect(refusal("bad name")?.message.contains("is not a node name") == true)
        let ghost = refusal("ghostnode", known: ["pve3", "pve4"])
        #expect(ghost?.code == "not_found")
        #expect(ghost?.message.hasPrefix("node: 'ghostnode' is not a node of the cluster (nodes: pve3, pve4)") == true)
        #expect(refusal("pve5", known: ["pve3", "pve4"])?.message.hasSuffix("(did you mean 'pve3'?)") == true)
        #expect(refusal("pve4", known: ["pve3", "pve4"]) == nil)
    }

    @Test("VMIDs are Proxmox's range")
    func vmids() {
        #expect(replyError { () throws(ReplyError) in try VMID.check(100) } == nil)
        #expect(replyError { () throws(ReplyError) in try VMID.check(99) } == .invalid("vmid: must be an integer from 100 to 999999999, got 99"))
    }

    struct Outer: Codable {
        struct Inner: Codable {
            var maxCount: Int
            var minSeverity: BusEvent.Severity
        }
        var items: [Inner]
    }

    @Test("decoding names the nested key path as written, and finds a value that fails the whole payload")
    func valueDecoding() {
        func refusal(_ json: String) -> ReplyError? {
            replyError { () throws(ReplyError) in
                _ = try ValueDecoding.decode(Outer.self, from: try! JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)), at: "outer")
            }
        }
        #expect(
            refusal(#"{"items":[{"max_count":1,"min_severity":"info"},{"max_count":1,"min_severity":"loud"}]}"#)
                == .invalid(#"outer.items[1].min_severity: must be one of info, warning, critical, got "loud""#))
        #expect(
            refusal(#"{"items":[{"max_count":1e300,"min_severity":"info"}]}"#)
                == .invalid("outer.items[0].max_count: not a valid value here, got 1e+300"))
        #expect(refusal(#"{"items":[{"min_severity":"info"}]}"#) == .invalid("outer.items[0].max_count: required field is missing"))
        #expect(refusal(#"{"items":[{"max_count":1,"min_severity":"info"}]}"#) == nil)
    }
}
