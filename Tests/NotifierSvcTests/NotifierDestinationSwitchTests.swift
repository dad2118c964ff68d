import Contract
import Foundation
import MQTT
import NotifierSvc
import TestSupport
import Testing

/// A destination switched off and on over `…/destinations/<id>/enabled/set`, as Home Assistant's
/// switch sends it, against a real mosquitto and webhook receivers on loopback.
@Suite("Notifier destination switch", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(3)))
struct NotifierDestinationSwitchTests {
    typealias F = NotifierFixtures
    typealias J = NotifierSettingsJSON

    /// Waits for the retained settings to show `id` enabled or not.
    func awaitEnabled(_ settings: MQTTSubscription, _ id: String, _ enabled: Bool) async throws {
        _ = try await settings.next(within: .seconds(10)) { message in
            (try? MessageCoding.decode(NotifierSettings.self, from: message.payloadData))?.destination(id)?.enabled == enabled
        }
    }

    @Test(
        "OFF: the destination gets nothing while another still does, and it stays off over a restart; ON: new events only; unknown ids are ignored",
        .timeLimit(.minutes(2)))
    func switchOffAndOn() async throws {
        let muted = try await WebhookTestServer.start(flavor: .webhook)
        let other = try await WebhookTestServer.start(flavor: .webhook)
        let settings = J.settings([J.destination("muted", .webhook, server: muted), J.destination("other", .webhook, server: other)])
        try await NotifierSession.run(settings: settings) { session in
            let published = try await session.client.subscribe(session.topics.settings)
            try await session.client.publish(MQTTMessage(topic: session.topics.destinationEnabledSet("muted"), string: "OFF"))
            try await awaitEnabled(published, "muted", false)

            // Stored: still off after a restart.
            try await session.restart()
            let restarted = try await session.request(session.topics.request("status"), #"{"id": "s1"}"#, as: NotifierStatus.self)
            #expect(restarted.result?.destinations.first { $0.id == "muted" }?.enabled == false)

            let whileOff = F.migration("failed", vmid: 4001, severity: .critical)
            try await session.publish(whileOff)
            try await other.wait(for: "the event while muted is off") { $0.contains { $0.eventIDs.contains(whileOff.id) } }
            let status = try await session.request(session.topics.request("status"), #"{"id": "s2"}"#, as: NotifierStatus.self)
            let mutedStatus = try #require(status.result?.destinations.first { $0.id == "muted" })
            #expect(!mutedStatus.enabled && mutedStatus.pending == 0 && mutedStatus.delivered == 0 && mutedStatus.dead == 0)

            // An unknown destination and a payload that is neither ON nor OFF change nothing.
            try await session.client.publish(MQTTMessage(topic: session.topics.destinationEnabledSet("nope"), string: "ON"))
            try await session.client.publish(MQTTMessage(topic: session.topics.destinationEnabledSet("muted"), string: "maybe"))
            try await session.client.publish(MQTTMessage(topic: session.topics.destinationEnabledSet("muted"), string: "ON"))
            try await awaitEnabled(published, "muted", true)

            let afterOn = F.migration("failed", vmid: 4002, severity: .critical)
            try await session.publish(afterOn)
            try await muted.wait(for: "the event after switching on") { $0.contains { $0.eventIDs.contains(afterOn.id) } }
            try await other.wait(for: "the second event") { $0.contains { $0.eventIDs.contains(afterOn.id) } }
            #expect(muted.accepted.flatMap(\.eventIDs) == [afterOn.id])  // nothing from while it was off
            let final = try await session.request(session.topics.request("status"), #"{"id": "s3"}"#, as: NotifierStatus.self)
            #expect(final.result?.destinations.map(\.id) == ["muted", "other"])
        }
        await muted.stop()
        await other.stop()
    }
}
