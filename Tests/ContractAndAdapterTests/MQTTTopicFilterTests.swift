import MQTT
import Testing

@Suite("MQTT topic filters")
struct MQTTTopicFilterTests {
    @Test(
        "Matching follows MQTT v5 §4.7",
        arguments: [
            ("a/b", "a/b", true),
            ("a/b", "a/c", false),
            ("a/b", "a/b/c", false),
            ("a/+", "a/b", true),
            ("a/+", "a/b/c", false),
            ("a/+", "a/", true),
            ("+/+", "/finance", true),
            ("+", "/finance", false),
            ("a/+/c", "a/b/c", true),
            ("a/+/c", "a/b/d", false),
            ("a/#", "a", true),
            ("a/#", "a/b/c", true),
            ("a/#", "ab/c", false),
            ("#", "a/b", true),
            ("#", "$SYS/broker/uptime", false),
            ("+/broker/uptime", "$SYS/broker/uptime", false),
            ("$SYS/#", "$SYS/broker/uptime", true),
            ("$share/workers/jobs/#", "jobs/1", true),
            ("$share/workers/jobs/+", "other/1", false),
            ("$share//jobs/#", "jobs/1", false),
            ("A/b", "a/b", false),
            ("pb/v1/+/state", "pb/v1/collector/state", true),
        ])
    func matching(filter: String, topic: String, expected: Bool) {
        #expect(MQTTTopicFilter.matches(filter, topic: topic) == expected)
    }

    @Test(
        "Filter validity",
        arguments: [
            ("a/b", true), ("#", true), ("a/#", true), ("+", true), ("+/a/+", true), ("$share/g/a/#", true),
            ("", false), ("a/#/b", false), ("a#", false), ("a/b+", false), ("a/+b/c", false),
            ("$share/g", false), ("$share//a", false), ("$share/g+/a", false), ("$share/g/", false),
        ])
    func filterValidity(filter: String, valid: Bool) {
        #expect(MQTTTopicFilter.isValid(filter) == valid)
    }

    @Test("Topic names for publishing", arguments: [("a/b", true), ("a/", true), ("", false), ("a/+", false), ("a/#", false)])
    func topicNameValidity(topic: String, valid: Bool) {
        #expect(MQTTTopicFilter.isValidTopicName(topic) == valid)
    }
}
