import Testing

@testable import MQTT

/// Routing by subscription identifier, and by topic filter when the identifier is stale.
@Suite("MQTT subscription table routing")
struct MQTTSubscriptionTableTests {
    @Test("a message tagged with an earlier run's identifier that now names another filter still reaches its subscribers")
    func staleIdentifier() async {
        var table = MQTTSubscriptionTable()
        let (events, eventsSink) = AsyncStream.makeStream(of: MQTTMessage.self)
        let (states, statesSink) = AsyncStream.makeStream(of: MQTTMessage.self)
        _ = table.add(filter: "pb/+/events/#", qos: .atLeastOnce, ignoreRetained: false, continuation: eventsSink)
        let other = table.add(filter: "pb/+/availability", qos: .atLeastOnce, ignoreRetained: false, continuation: statesSink)
        let event = MQTTMessage(topic: "pb/lab/events/migrations", string: "{}")
        // Queued by the broker for the previous process, whose identifier now names the other filter.
        for recipient in table.recipients(of: event, subscriptionIdentifiers: [other.broker.identifier]) { recipient.yield(event) }
        eventsSink.finish()
        statesSink.finish()
        var delivered: [String] = []
        for await message in events { delivered.append(message.topic) }
        var misrouted = 0
        for await _ in states { misrouted += 1 }
        #expect(delivered == ["pb/lab/events/migrations"])
        #expect(misrouted == 0)
    }
}
