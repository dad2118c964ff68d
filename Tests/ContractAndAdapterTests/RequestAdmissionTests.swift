import Contract
import Foundation
import MQTT
import ServiceRuntime
import Testing

/// What every command, request and settings update passes before it is parsed.
@Suite("Request admission")
struct RequestAdmissionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    let admission = RequestAdmission(maxAge: 300, now: { RequestAdmissionTests.now })

    func message(_ json: String, properties: [MQTTUserProperty] = []) -> MQTTMessage {
        MQTTMessage(topic: "pb/demo/executor/request/migrate", payload: Array(json.utf8), userProperties: properties)
    }

    func iso(_ offset: TimeInterval) -> String { ISO8601DateFormatter().string(from: Self.now.addingTimeInterval(offset)) }

    @Test("undated and fresh messages pass; one sent an hour ago or past its expires_at is stale, with its id")
    func freshness() {
        #expect(admission.refusal(of: message(#"{"id":"a","vmid":116}"#)) == nil)
        #expect(admission.refusal(of: message(#"{"id":"a","sent_at":"\#(iso(-60))"}"#)) == nil)
        #expect(admission.refusal(of: message(#"{"id":"a","expires_at":"\#(iso(60))"}"#)) == nil)
        let old = admission.refusal(of: message(#"{"id":"a","sent_at":"\#(iso(-3600))"}"#))
        #expect(old?.error.code == "stale" && old?.id == "a")
        #expect(old?.error.message.contains("3600 s old") == true)
        #expect(admission.refusal(of: message(#"{"id":"b","expires_at":"\#(iso(-1))"}"#))?.error.code == "stale")
        #expect(admission.refusal(of: message(#"{"id":"c","sent_at":"\#(iso(3600))"}"#))?.error.code == "invalid")
    }

    @Test("plain payloads are dated by user properties; a date that is not ISO-8601 is malformed, naming the key")
    func userPropertiesAndBadDates() {
        #expect(admission.refusal(of: message("ON", properties: [.init(name: "sent_at", value: iso(-3600))]))?.error.code == "stale")
        #expect(admission.refusal(of: message("ON", properties: [.init(name: "expires_at", value: iso(30))])) == nil)
        let bad = admission.refusal(of: message(#"{"id":"d","sent_at":"yesterday"}"#))
        #expect(bad?.error.code == "malformed" && bad?.error.message.hasPrefix("sent_at") == true && bad?.id == "d")
        #expect(admission.refusal(of: message(#"{"expires_at":5}"#))?.error.message.hasPrefix("expires_at") == true)
        #expect(admission.refusal(of: message("OFF", properties: [.init(name: "sent_at", value: "noon")]))?.error.code == "malformed")
        #expect(admission.refusal(of: message("not json")) == nil)
    }

    @Test("a payload over the limit is refused unread, without an id")
    func size() {
        let big = message(#"{"id":"e","pad":""# + String(repeating: "x", count: 300_000) + #""}"#)
        let refusal = admission.refusal(of: big)
        #expect(refusal?.error.code == "too_large" && refusal?.id == nil)
        #expect(admission.refusal(of: message(String(repeating: " ", count: RequestAdmission.defaultMaxPayloadBytes))) == nil)
    }
}
