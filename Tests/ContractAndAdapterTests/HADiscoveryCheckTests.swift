import Foundation
import TestSupport
import Testing

/// The Home Assistant discovery checker finds what Home Assistant would refuse or show wrong.
@Suite("Home Assistant discovery check", .enabled(if: HADiscoveryCheck.isAvailable))
struct HADiscoveryCheckTests {
    static let device = #""dev": {"ids": ["x"], "name": "X"}, "o": {"name": "ProxBalance", "sw": "1"}"#

    static func check(_ components: String, payloads: [String: [String]]) throws -> [String] {
        let config = Data("{\(device), \"cmps\": {\(components)}}".utf8)
        return try HADiscoveryCheck(
            configs: ["homeassistant/device/x/config": config], payloads: payloads.mapValues { $0.map { Data($0.utf8) } }, base: "pb"
        ).problems()
    }

    @Test("a valid sensor, binary sensor and event pass, absent values included")
    func valid() throws {
        let problems = try Self.check(
            #"""
            "a": {"p": "sensor", "unique_id": "a", "state_topic": "pb/n", "value_template": "{{ value_json.cpu | default(None) }}",
                  "unit_of_measurement": "%", "state_class": "measurement"},
            "b": {"p": "binary_sensor", "unique_id": "b", "state_topic": "pb/n", "value_template": "{{ 'ON' if value_json.up | default(false) else 'OFF' }}"},
            "c": {"p": "event", "unique_id": "c", "state_topic": "pb/e", "event_types": ["done"],
                  "value_template": "{{ {'event_type': value_json.kind} | tojson if value_json.kind == 'done' else '' }}"}
            """#, payloads: ["pb/n": [#"{"cpu": 5, "up": true}"#, "{}"], "pb/e": [#"{"kind": "done"}"#, #"{"kind": "other"}"#]])
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("bad configs and templates are named")
    func invalid() throws {
        let problems = try Self.check(
            #"""
            "a": {"p": "sensor", "unique_id": "a", "state_topic": "pb/n", "value_template": "{{ value_json.cpu }}", "state_class": "measurement"},
            "b": {"p": "sensor", "unique_id": "a", "state_topic": "other/n", "device_class": "timestamp", "unit_of_measurement": "%"},
            "c": {"p": "binary_sensor", "unique_id": "c", "state_topic": "pb/n", "value_template": "{{ value_json.cpu }}"},
            "d": {"p": "event", "unique_id": "d", "state_topic": "pb/n", "event_types": ["done"], "value_template": "{{ {'event_type': 'x'} | tojson }}"},
            "e": {"p": "switch", "unique_id": "e"},
            "f": {"p": "sensor", "unique_id": "f", "state_topic": "pb/n", "value_template": "{{ value_json.a.b }}", "entity_category": "config"}
            """#, payloads: ["pb/n": ["{}"]])
        let text = problems.joined(separator: "\n")
        #expect(text.contains("a value_template: not a number"), "\(text)")
        #expect(text.contains("unique_id a used twice"))
        #expect(text.contains("state_topic other/n is not under pb/"))
        #expect(text.contains("unit % with device_class timestamp"))
        #expect(text.contains("c value_template: neither ON nor OFF"))
        #expect(text.contains("event_type x not in"))
        #expect(text.contains("switch needs command_topic"))
        #expect(text.contains("f value_template: UndefinedError"))
        #expect(text.contains("cannot be a config entity"))
    }
}
