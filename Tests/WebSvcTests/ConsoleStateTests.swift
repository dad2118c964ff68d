import ConsoleCore
import Foundation
import Testing

/// The console's merge of bus messages into its state: pure values, no broker.
@Suite("Console state model")
struct ConsoleStateTests {
    let base = "proxbalance"

    func json(_ state: ConsoleState) throws -> [String: Any] {
        let bytes = state.json(now: Date(timeIntervalSince1970: 0), brokerConnected: true, user: "alice", role: "operator")
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    func cluster(_ state: ConsoleState, _ name: String = "demo") throws -> [String: Any] {
        try #require((try json(state)["clusters"] as? [String: Any])?[name] as? [String: Any])
    }

    @Test("topics map to the parts they carry; others are not shown")
    func topics() {
        #expect(ConsolePart(topic: "proxbalance/demo/cluster/state", base: base) == .cluster("demo", .snapshot))
        #expect(ConsolePart(topic: "proxbalance/demo/automation/state", base: base) == .cluster("demo", .automation))
        #expect(ConsolePart(topic: "proxbalance/demo/executor/outcomes", base: base) == .cluster("demo", .outcomes))
        #expect(ConsolePart(topic: "proxbalance/demo/migrations/m-1", base: base) == .migration(cluster: "demo", id: "m-1"))
        #expect(ConsolePart(topic: "proxbalance/demo/scoring/settings", base: base) == .settings(cluster: "demo", service: "scoring"))
        #expect(ConsolePart(topic: "proxbalance/demo/executor/availability", base: base) == .availability(cluster: "demo", service: "executor"))
        #expect(ConsolePart(topic: "proxbalance/scoring/availability", base: base) == .busAvailability(service: "scoring"))
        #expect(ConsolePart(topic: "proxbalance/notifier/settings", base: base) == .busNotifierSettings)
        #expect(ConsolePart(topic: "proxbalance/demo/events/migrations", base: base) == .event(cluster: "demo"))
        #expect(ConsolePart(topic: "proxbalance/demo/nodes/pve1", base: base) == nil)
        #expect(ConsolePart(topic: "proxbalance/demo/executor/request/migrate", base: base) == nil)
        #expect(ConsolePart(topic: "other/demo/scores", base: base) == nil)
        #expect(ConsolePart(topic: "proxbalance/demo/bogus/settings", base: base) == nil)
    }

    @Test("a retained part is set, replaced and cleared; the same payload again changes nothing")
    func retainedParts() throws {
        var state = ConsoleState()
        let first = state.apply(topic: "proxbalance/demo/scores", payload: Array(#"{"v":1,"n":1}"#.utf8), base: base)
        #expect(first?.part == "scores")
        #expect(first.map { String(decoding: $0.json(), as: UTF8.self) } == #"{"cluster":"demo","part":"scores","value":{"v":1,"n":1}}"#)
        #expect(state.apply(topic: "proxbalance/demo/scores", payload: Array(#"{"v":1,"n":1}"#.utf8), base: base) == nil)
        _ = state.apply(topic: "proxbalance/demo/scores", payload: Array(#"{"v":1,"n":2}"#.utf8), base: base)
        #expect((try cluster(state)["scores"] as? [String: Any])?["n"] as? Int == 2)
        let cleared = state.apply(topic: "proxbalance/demo/scores", payload: [], base: base)
        #expect(cleared.map { String(decoding: $0.value.bytes, as: UTF8.self) } == "null")
        #expect(try cluster(state)["scores"] == nil)
    }

    @Test("a payload that is not JSON is not shown and does not replace the last good one")
    func invalidJSON() throws {
        var state = ConsoleState()
        _ = state.apply(topic: "proxbalance/demo/recommendations", payload: Array(#"{"status":"balanced"}"#.utf8), base: base)
        #expect(state.apply(topic: "proxbalance/demo/recommendations", payload: Array("{not json".utf8), base: base) == nil)
        #expect((try cluster(state)["recommendations"] as? [String: Any])?["status"] as? String == "balanced")
    }

    @Test("migrations are kept by id and removed when their retained state is cleared")
    func migrations() throws {
        var state = ConsoleState()
        _ = state.apply(topic: "proxbalance/demo/migrations/m-1", payload: Array(#"{"id":"m-1","state":"running"}"#.utf8), base: base)
        _ = state.apply(topic: "proxbalance/demo/migrations/m-2", payload: Array(#"{"id":"m-2","state":"queued"}"#.utf8), base: base)
        let update = state.apply(
            topic: "proxbalance/demo/migrations/m-1", payload: Array(#"{"id":"m-1","state":"completed"}"#.utf8), base: base)
        #expect(update?.part == "migrations.m-1")
        _ = state.apply(topic: "proxbalance/demo/migrations/m-2", payload: [], base: base)
        let migrations = try #require(try cluster(state)["migrations"] as? [String: Any])
        #expect(Set(migrations.keys) == ["m-1"])
        #expect((migrations["m-1"] as? [String: Any])?["state"] as? String == "completed")
    }

    @Test("events keep the newest 200, oldest first; availability is text, escaped")
    func eventsAndAvailability() throws {
        var state = ConsoleState()
        for index in 0..<250 {
            _ = state.apply(topic: "proxbalance/demo/events/migrations", payload: Array("{\"n\":\(index)}".utf8), base: base)
        }
        let events = try #require(try cluster(state)["events"] as? [[String: Any]])
        #expect(events.count == ConsoleState.eventLimit)
        #expect(events.first?["n"] as? Int == 50)
        #expect(events.last?["n"] as? Int == 249)
        _ = state.apply(topic: "proxbalance/demo/executor/availability", payload: Array("online\"<b>".utf8), base: base)
        _ = state.apply(topic: "proxbalance/scoring/availability", payload: Array("online".utf8), base: base)
        #expect((try cluster(state)["availability"] as? [String: String])?["executor"] == "online\"<b>")
        #expect((try json(state)["services"] as? [String: String])?["scoring"] == "online")
        let text = String(decoding: state.json(now: Date(), brokerConnected: false, user: nil, role: nil), as: UTF8.self)
        #expect(!text.contains("<b>"), "markup characters are escaped in the JSON text")
    }

    @Test(
        "only one JSON value passes as JSON",
        arguments: [
            (#"{"a":[1,-2.5e3,true,false,null,"x\"\u00e9"]}"#, true), ("  [ ]\n", true), ("0", true), (#""s""#, true),
            ("", false), ("{", false), (#"{"a":1,}"#, false), ("[1 2]", false), ("01", false), ("1.", false), (#""\x""#, false),
            ("{} {}", false), ("tru", false), ("\"a\nb\"", false), (String(repeating: "[", count: 600) + String(repeating: "]", count: 600), false),
        ])
    func validation(text: String, valid: Bool) {
        #expect((RawJSON(validating: Array(text.utf8)) != nil) == valid, "\(text.prefix(40))")
    }

    @Test("the state's JSON parses, with payloads' line breaks as spaces")
    func stateText() throws {
        var state = ConsoleState()
        _ = state.apply(topic: "proxbalance/demo/scores", payload: Array("{\n  \"v\": 1\n}".utf8), base: base)
        let text = state.json(now: Date(), brokerConnected: true, user: "a", role: "viewer")
        #expect(!text.contains(0x0A))
        #expect(try cluster(state)["scores"] != nil)
    }

    @Test("several clusters are kept apart")
    func clusters() throws {
        var state = ConsoleState()
        _ = state.apply(topic: "proxbalance/a/maintenance", payload: Array(#"{"nodes":["x"]}"#.utf8), base: base)
        _ = state.apply(topic: "proxbalance/b/maintenance", payload: Array(#"{"nodes":[]}"#.utf8), base: base)
        #expect(Set((try json(state)["clusters"] as? [String: Any])?.keys ?? [:].keys) == ["a", "b"])
        #expect(((try cluster(state, "a")["maintenance"] as? [String: Any])?["nodes"] as? [String]) == ["x"])
    }
}
