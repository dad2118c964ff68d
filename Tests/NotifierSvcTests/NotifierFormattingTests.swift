import Contract
import Foundation
import HTTPTransport
import Testing

@testable import NotifierSvc

@Suite("Notifier formatting")
struct NotifierFormattingTests {
    typealias F = NotifierFixtures

    func json(_ request: HTTPRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: request.body ?? Data()) as? [String: Any])
    }

    @Test("a migration reads well: guest, source → target, duration, reason, cluster")
    func presentation() {
        let presentation = EventPresentation(F.migration("failed", severity: .critical))
        let facts = Dictionary(presentation.facts.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(facts["Cluster"] == "demo")
        #expect(facts["Guest"] == "101 (web)")
        #expect(facts["Route"] == "pve3 → pve5")
        #expect(facts["Duration"] == "42 s")
        #expect(facts["Reason"] == "pve3 CPU at 92 %")
        #expect(facts["Migration id"] == "m-101")
        #expect(presentation.hint?.contains("task log") == true)
        #expect(EventPresentation.duration("185") == "3 min 5 s")
    }

    @Test("an event without details falls back to its title and message")
    func fallback() {
        let event = BusEvent(
            cluster: "c", category: .automation, kind: "run_summary", severity: .info, at: F.at, title: "Run done", message: "3 moves")
        let text = EventPresentation(event).plainText
        #expect(text.hasPrefix("Run done\n3 moves"))
        #expect(text.contains("Cluster: c"))
    }

    @Test("Slack: header, message, fields, hint and a text fallback")
    func slack() throws {
        let request = try DeliveryRequest.make(
            Notification(events: [F.migration("failed", severity: .critical)]), to: F.destination("s", .slack), key: "k")
        let body = try json(request)
        #expect((body["text"] as? String)?.contains("Migration failed") == true)
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        #expect(blocks.contains { ($0["fields"] as? [[String: Any]])?.contains { ($0["text"] as? String)?.contains("pve3 → pve5") == true } == true })
        #expect(request.url == "https://hooks.example.com/services/T000/B000/secret")
    }

    @Test("Slack: oversized input and a 500-event summary stay within 50 blocks and 3000 per section")
    func slackLimits() throws {
        for notification in [Notification(events: [F.oversized()]), Notification(events: (0..<500).map { F.migration(vmid: $0) })] {
            let payload = SlackPayload(notification)
            #expect(payload.blocks.count <= SlackPayload.Limit.blocks)
            for block in payload.blocks {
                if let text = block.text { #expect(TextLimit.length(text.text) <= (block.type == "header" ? 150 : 3000)) }
                #expect((block.fields?.count ?? 0) <= 10)
                for field in block.fields ?? [] { #expect(TextLimit.length(field.text) <= 2000) }
            }
            #expect(TextLimit.length(payload.text) <= SlackPayload.Limit.fallback)
        }
        let long = (0..<500).map { vmid -> BusEvent in
            var event = F.migration(vmid: vmid)
            event.title = String(repeating: "t", count: 900)
            return event
        }
        let summary = SlackPayload(Notification(events: long))
        #expect(summary.blocks.count <= SlackPayload.Limit.blocks)
        #expect(summary.blocks.last?.elements?.first?.text.contains("more events") == true)
    }

    @Test("Slack mrkdwn control characters are escaped")
    func slackEscaping() {
        #expect(SlackPayload.escape("a <b> & c") == "a &lt;b&gt; &amp; c")
    }

    @Test("Discord: an embed coloured by severity, with fields and no mentions")
    func discord() throws {
        let body = try json(
            try DeliveryRequest.make(Notification(events: [F.migration("failed", severity: .critical)]), to: F.destination("d", .discord), key: "k"))
        let embed = try #require((body["embeds"] as? [[String: Any]])?.first)
        #expect(embed["color"] as? Int == 0xE74C3C)
        #expect((embed["fields"] as? [[String: Any]])?.contains { $0["value"] as? String == "pve3 → pve5" } == true)
        #expect((body["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
        #expect(DiscordPayload.color(Notification(events: [F.migration("completed")])) == 0x2ECC71)
        #expect(DiscordPayload.color(Notification(events: [F.migration("started")])) == 0x3498DB)
    }

    @Test("Discord: oversized input fits 256/4096/25 fields/1024/6000, truncated with a marker")
    func discordLimits() throws {
        for notification in [Notification(events: [F.oversized()]), Notification(events: (0..<300).map { F.migration(vmid: $0) })] {
            let payload = DiscordPayload(notification)
            #expect(payload.embeds.count <= DiscordPayload.Limit.embeds)
            for embed in payload.embeds {
                #expect(TextLimit.length(embed.title) <= 256)
                #expect(TextLimit.length(embed.description) <= 4096)
                #expect(embed.fields.count <= 25)
                #expect(embed.fields.allSatisfy { TextLimit.length($0.name) <= 256 && TextLimit.length($0.value) <= 1024 })
                #expect(embed.countedLength <= 6000)
            }
            #expect((payload.content.map(TextLimit.length) ?? 0) <= 2000)
        }
        let single = DiscordPayload(Notification(events: [F.oversized()]))
        #expect(single.embeds[0].description.hasSuffix(TextLimit.marker))
    }

    @Test("ntfy: JSON publish to the server root with the topic, priority and tags; message ≤ 4096 bytes")
    func ntfy() throws {
        let destination = Destination(id: "n", kind: .ntfy, url: "https://ntfy.example.com/proxbalance-alerts", token: "tk_secret")
        let request = try DeliveryRequest.make(Notification(events: [F.oversized()]), to: destination, key: "k")
        #expect(request.url == "https://ntfy.example.com")
        #expect(request.headers.contains { $0.name == "Authorization" && $0.value == "Bearer tk_secret" })
        let body = try json(request)
        #expect(body["topic"] as? String == "proxbalance-alerts")
        #expect(body["priority"] as? Int == 5)
        #expect(((body["message"] as? String)?.utf8.count ?? .max) <= 4096)
        #expect(DeliveryRequest.ntfyParts("https://ntfy.sh/a/") == ("https://ntfy.sh", "a"))
    }

    @Test("Gotify: POST /message with the token header and a priority from the severity")
    func gotify() throws {
        let destination = Destination(id: "g", kind: .gotify, url: "https://gotify.example.com/", token: "AppToken")
        let request = try DeliveryRequest.make(Notification(events: [F.collector()]), to: destination, key: "k")
        #expect(request.url == "https://gotify.example.com/message")
        #expect(request.headers.contains { $0.name == "X-Gotify-Key" && $0.value == "AppToken" })
        let body = try json(request)
        #expect(body["priority"] as? Int == 9)
        #expect(body["title"] as? String == "Proxmox API unreachable")
        #expect(DeliveryRequest.gotifyURL("https://g.example.com/message?token=x") == "https://g.example.com/message?token=x")
    }

    @Test("webhook: the BusEvent plus text, custom headers and an idempotency key")
    func webhook() throws {
        var destination = Destination(id: "w", kind: .webhook, url: "https://example.com/hook")
        destination.headers = ["X-Secret": "s3cret"]
        let event = F.migration()
        let request = try DeliveryRequest.make(Notification(events: [event]), to: destination, key: "\(event.id):w")
        #expect(request.headers.contains { $0.name == "X-Secret" && $0.value == "s3cret" })
        #expect(request.headers.contains { $0.name == "Idempotency-Key" && $0.value == "\(event.id):w" })
        let body = try json(request)
        #expect((body["event"] as? [String: Any])?["id"] as? String == event.id)
        #expect((body["text"] as? String)?.contains("pve3 → pve5") == true)
    }

    @Test("a summary counts the events by type and lists each one")
    func summary() {
        let events = (0..<3).map { F.migration(vmid: 100 + $0) } + [F.migration("failed", vmid: 200, severity: .critical)]
        let notification = Notification(events: events)
        #expect(notification.title == "4 events on demo: 3 × migrations completed, 1 × migrations failed")
        #expect(notification.severity == .critical)
        #expect(notification.plainText.split(separator: "\n").count == 5)
    }

    @Test("truncation cuts at a character boundary and adds the marker", arguments: [20, 50, 100])
    func truncation(limit: Int) {
        let text = String(repeating: "ab🚨", count: 50)
        let cut = TextLimit.truncate(text, to: limit)
        #expect(TextLimit.length(cut) <= limit)
        #expect(cut.hasSuffix(TextLimit.marker))
        #expect(TextLimit.truncate("short", to: limit) == "short")
        #expect(TextLimit.truncate(text, toBytes: limit + 20).utf8.count <= limit + 20)
    }
}
