import Contract
import Foundation
import HTTPTransport
import Testing

@testable import NotifierSvc

/// Who asked for a migration (`requested_by`, `cancelled_by` of the executor's events), as every
/// destination shows it.
@Suite("Notifier formatting: who asked")
struct NotifierAttributionTests {
    typealias F = NotifierFixtures

    static func event(_ kind: String = "completed", vmid: Int = 101, requestedBy: String? = "web:alice", cancelledBy: String? = nil) -> BusEvent {
        var event = F.migration(kind, vmid: vmid)
        if let requestedBy { event.details.append(.init("requested_by", requestedBy)) }
        if let cancelledBy { event.details.append(.init("cancelled_by", cancelledBy)) }
        return event
    }

    @Test("a migration event names who requested it: a fact, the plain text and summary lines")
    func presentation() {
        let presentation = EventPresentation(Self.event())
        #expect(presentation.facts.contains(.init("Requested by", "web:alice")))
        #expect(presentation.attribution == "requested by web:alice")
        #expect(presentation.plainText.contains("Requested by: web:alice"))
        #expect(presentation.line == "Migration completed: VM 101 (web) (pve3 → pve5), requested by web:alice")

        let cancelled = EventPresentation(Self.event("cancelled", cancelledBy: "web:bob"))
        #expect(cancelled.facts.contains(.init("Cancelled by", "web:bob")))
        #expect(cancelled.line.hasSuffix(", requested by web:alice; cancelled by web:bob"))

        let automatic = EventPresentation(Self.event(requestedBy: nil))
        #expect(automatic.attribution == nil && !automatic.plainText.contains("equested by"))
    }

    @Test("Slack, Discord, ntfy and summaries say requested by web:alice")
    func destinations() throws {
        let single = Notification(events: [Self.event()])
        let slack = SlackPayload(single)
        #expect(slack.blocks.contains { $0.fields?.contains { $0.text == "*Requested by*\nweb:alice" } == true })
        let discord = DiscordPayload(single)
        #expect(discord.embeds[0].fields.contains { $0.name == "Requested by" && $0.value == "web:alice" && $0.inline })
        #expect(NtfyPayload(single, topic: "t").message.contains("Requested by: web:alice"))

        let summary = Notification(events: [Self.event(vmid: 101), Self.event(vmid: 102, requestedBy: "web:carol")])
        #expect(summary.plainText.contains("VM 101 (web) (pve3 → pve5), requested by web:alice"))
        #expect(SlackPayload(summary).blocks.contains { $0.text?.text.contains("requested by web:carol") == true })
        #expect(DiscordPayload(summary).embeds[0].description.contains("requested by web:alice"))
    }
}
