import Contract
import Foundation
import MQTT
import NotifierSvc
import TestSupport
import Testing

/// The notifier in-process against a real mosquitto and fake Slack, Discord, ntfy, Gotify and
/// webhook servers on loopback.
@Suite("Notifier integration", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct NotifierIntegrationTests {
    typealias F = NotifierFixtures
    typealias J = NotifierSettingsJSON

    /// Each marker (`VM <n> (web)`) in exactly one accepted request.
    func expectOnce(_ markers: [String], in server: WebhookTestServer, sourceLocation: SourceLocation = #_sourceLocation) {
        let accepted = server.accepted
        for marker in markers {
            #expect(accepted.filter { $0.text.contains(marker) }.count == 1, "\(marker) at \(server.flavor)", sourceLocation: sourceLocation)
        }
    }

    @Test("every event reaches Slack, Discord, ntfy and Gotify once, in each service's format and limits", .timeLimit(.minutes(2)))
    func everyServiceOnce() async throws {
        let slack = try await WebhookTestServer.start(flavor: .slack, rateLimit: (1, 1))
        let discord = try await WebhookTestServer.start(flavor: .discord, rateLimit: (5, 2))
        let ntfy = try await WebhookTestServer.start(flavor: .ntfy)
        let gotify = try await WebhookTestServer.start(flavor: .gotify)
        let settings = J.settings([
            J.destination("slack", .slack, server: slack, path: "/services/T1/B1/secret", extra: #", "events": ["migrations.*"]"#),
            J.destination("discord", .discord, server: discord, path: "/api/webhooks/1/token"),
            J.destination("ntfy", .ntfy, server: ntfy),
            J.destination("gotify", .gotify, server: gotify, extra: #", "min_severity": "warning""#),
        ])
        try await NotifierSession.run(settings: settings) { session in
            try await session.client.publish(MQTTMessage(topic: "pbtest/demo/events/migrations", string: "not an event"))
            let events = [
                F.migration("started", vmid: 1101), F.migration("completed", vmid: 1102), F.migration("failed", vmid: 1103, severity: .critical),
                F.oversized(), F.collector(), F.migration("completed", vmid: 1104, cluster: "lab"),
            ]
            var oversized = events[3]
            oversized.title = "VM 1199 (web) " + oversized.title
            let published = events.enumerated().map { $0.offset == 3 ? oversized : $0.element }
            for event in published { try await session.publish(event) }

            try await discord.wait(for: "6 Discord messages") { $0.filter(\.accepted).count >= 6 }
            try await ntfy.wait(for: "6 ntfy messages") { $0.filter(\.accepted).count >= 6 }
            try await slack.wait(for: "5 Slack messages") { $0.filter(\.accepted).count >= 5 }
            try await gotify.wait(for: "3 Gotify messages") { $0.filter(\.accepted).count >= 3 }
            try await Task.sleep(for: .milliseconds(500))

            let vms = ["VM 1101 (web)", "VM 1102 (web)", "VM 1103 (web)", "VM 1199 (web)", "VM 1104 (web)"]
            expectOnce(vms, in: discord)
            expectOnce(vms, in: ntfy)
            expectOnce(vms, in: slack)
            expectOnce(["VM 1103 (web)", "VM 1199 (web)"], in: gotify)
            #expect(discord.accepted.count == 6 && ntfy.accepted.count == 6 && slack.accepted.count == 5 && gotify.accepted.count == 3)
            #expect(slack.violations == 0 && discord.violations == 0)

            // Formats: Slack blocks and fallback, Discord embeds within limits, ntfy topic, Gotify token.
            for request in slack.accepted {
                let json = try #require(request.json)
                #expect(json["text"] is String)
                #expect(((json["blocks"] as? [Any])?.count ?? 99) <= 50)
                #expect(request.path == "/services/T1/B1/secret")
            }
            for request in discord.accepted {
                let embed = try #require((request.json?["embeds"] as? [[String: Any]])?.first)
                #expect(((embed["description"] as? String)?.utf16.count ?? 9999) <= 4096)
                #expect(((embed["fields"] as? [Any])?.count ?? 99) <= 25)
            }
            let failed = try #require(discord.accepted.first { $0.text.contains("VM 1103 (web)") }?.json?["embeds"] as? [[String: Any]])
            #expect(failed[0]["color"] as? Int == 0xE74C3C)
            #expect(ntfy.accepted.allSatisfy { $0.path == "/" && $0.json?["topic"] as? String == "proxbalance" })
            #expect(gotify.accepted.allSatisfy { $0.path == "/message" && $0.header("X-Gotify-Key") == "AppToken" })
            #expect(ntfy.accepted.contains { $0.text.contains("Cluster: lab") })
        }
        for server in [slack, discord, ntfy, gotify] { await server.stop() }
    }

    @Test("429 with Retry-After, 500s and timeouts are retried: every event arrives once, never early", .timeLimit(.minutes(2)))
    func retries() async throws {
        let discord = try await WebhookTestServer.start(flavor: .discord, rateLimit: (5, 2))
        discord.script([.rateLimited(seconds: 1), .status(500), .hang(.seconds(4)), .status(503)])
        let settings = J.settings([J.destination("discord", .discord, server: discord, extra: #", "timeout_seconds": 1"#)])
        try await NotifierSession.run(settings: settings) { session in
            let vms = (2001...2005).map { "VM \($0) (web)" }
            for vmid in 2001...2005 { try await session.publish(F.migration(vmid: vmid)) }
            try await discord.wait(for: "5 delivered") { $0.filter(\.accepted).count >= 5 }
            try await Task.sleep(for: .milliseconds(500))
            expectOnce(vms, in: discord)
            #expect(discord.accepted.count == 5)
            #expect(discord.violations == 0)
            let requests = discord.requests
            let limited = try #require(requests.firstIndex { $0.status == 429 })
            // Nothing was sent to the destination until Retry-After (1 s) had passed.
            #expect(requests[limited + 1].at.timeIntervalSince(requests[limited].at) >= 0.95)
            #expect(requests.contains { $0.status == 0 })  // the hung request, abandoned by the timeout
        }
        await discord.stop()
    }

    @Test("a gone webhook is disabled and announced; a hanging destination delays no other", .timeLimit(.minutes(2)))
    func brokenDestinations() async throws {
        let slack = try await WebhookTestServer.start(flavor: .slack)
        slack.setFallback(.status(404))
        let gotify = try await WebhookTestServer.start(flavor: .gotify)
        gotify.setFallback(.hang(.seconds(8)))
        let discord = try await WebhookTestServer.start(flavor: .discord, rateLimit: (5, 2))
        let settings = J.settings([
            J.destination("slack", .slack, server: slack), J.destination("gotify", .gotify, server: gotify, extra: #", "timeout_seconds": 6"#),
            J.destination("discord", .discord, server: discord),
        ])
        try await NotifierSession.run(settings: settings) { session in
            let notices = try await session.client.subscribe("pbtest/+/events/notifier")
            let published = try await session.client.subscribe(session.topics.settings)
            for vmid in 3001...3003 { try await session.publish(F.migration("failed", vmid: vmid, severity: .critical)) }

            // Discord gets everything while Gotify's first request still hangs (6 s timeout).
            try await discord.wait(for: "3 Discord messages", timeout: .seconds(5)) {
                $0.filter { $0.text.contains("VM 300") && $0.accepted }.count >= 3
            }
            #expect(gotify.accepted.isEmpty)

            let disabled = try await notices.next(within: .seconds(10)) { $0.payloadString?.contains("destination_disabled") == true }
            let event = try MessageCoding.decode(BusEvent.self, from: disabled.payloadData)
            #expect(event.severity == .critical && event.details.contains { $0.name == "destination" && $0.value == "slack" })
            #expect(slack.requests.count == 1)  // never retried

            let current = try await published.next(within: .seconds(10)) { message in
                (try? MessageCoding.decode(NotifierSettings.self, from: message.payloadData))?.destination("slack")?.enabled == false
            }
            let redacted = try MessageCoding.decode(NotifierSettings.self, from: current.payloadData)
            #expect(redacted.destination("slack")?.disabledReason?.contains("404") == true)
            #expect(redacted.destination("slack")?.url == "http://127.0.0.1:\(slack.port)/…")

            // The announcement reaches the healthy destination, not the disabled one.
            try await discord.wait(for: "the destination_disabled message") { $0.contains { $0.text.contains("Notifications to slack disabled") } }
            let status = try await session.request(session.topics.request("status"), #"{"id": "s"}"#, as: NotifierStatus.self)
            let slackStatus = try #require(status.result?.destinations.first { $0.id == "slack" })
            // What Slack had queued is given up, nothing is left or sent; events that arrive after
            // the disabling (a slow intake) are not queued for it at all.
            #expect(!slackStatus.enabled && slackStatus.pending == 0 && slackStatus.delivered == 0)
            #expect((1...3).contains(slackStatus.dead))
        }
        for server in [slack, gotify, discord] { await server.stop() }
    }

    @Test("restarting the notifier mid-outage loses nothing and sends nothing twice", .timeLimit(.minutes(2)))
    func restartMidOutage() async throws {
        let webhook = try await WebhookTestServer.start(flavor: .webhook)
        webhook.setFallback(.status(500))
        let settings = J.settings([J.destination("hook", .webhook, server: webhook, extra: #", "headers": {"X-Token": "abc"}"#)])
        try await NotifierSession.run(settings: settings) { session in
            var ids: [String] = []
            for vmid in 4001...4005 {
                let event = F.migration(vmid: vmid)
                ids.append(event.id)
                try await session.publish(event)
            }
            try await webhook.wait(for: "attempts during the outage") { Set($0.flatMap(\.eventIDs)).count >= 5 }
            try await session.stop()

            // Published while the notifier is down: the broker keeps them in its session.
            for vmid in 4006...4010 {
                let event = F.migration(vmid: vmid)
                ids.append(event.id)
                try await session.publish(event)
            }
            webhook.setFallback(.ok)
            try await session.start()
            try await webhook.wait(for: "10 delivered") { Set($0.filter(\.accepted).flatMap(\.eventIDs)).count >= 10 }
            try await Task.sleep(for: .seconds(1))
            let delivered = webhook.accepted.flatMap(\.eventIDs)
            #expect(delivered.sorted() == ids.sorted())
            #expect(webhook.accepted.allSatisfy { $0.header("X-Token") == "abc" && $0.header("Idempotency-Key") != nil })
            let status = try await session.request(session.topics.request("status"), #"{"id": "s"}"#, as: NotifierStatus.self)
            #expect(status.result?.destinations.first?.delivered == 10)
            #expect(status.result?.destinations.first?.pending == 0)
        }
        await webhook.stop()
    }

    @Test("a burst is summarised: 40 migrations become a few messages, each listed once", .timeLimit(.minutes(2)))
    func coalescing() async throws {
        let discord = try await WebhookTestServer.start(flavor: .discord, rateLimit: (5, 2))
        let settings = J.settings([J.destination("discord", .discord, server: discord)], window: 1.5)
        try await NotifierSession.run(settings: settings) { session in
            for vmid in 5001...5040 { try await session.publish(F.migration(vmid: vmid)) }
            let vms = (5001...5040).map { "VM \($0) (web)" }
            try await discord.wait(for: "all 40 listed") { requests in
                vms.allSatisfy { vm in requests.contains { $0.accepted && $0.text.contains(vm) } }
            }
            expectOnce(vms, in: discord)
            #expect(discord.accepted.count <= 4)
            #expect(discord.accepted.contains { $0.text.contains("events on demo") })
        }
        await discord.stop()
    }

    @Test("a service going offline and back is announced once; retained states at start are not", .timeLimit(.minutes(2)))
    func availability() async throws {
        let webhook = try await WebhookTestServer.start(flavor: .webhook)
        let settings = J.settings([J.destination("hook", .webhook, server: webhook, extra: #", "events": ["notifier.*"]"#)])
        let topic = "pbtest/demo/collector/availability"
        try await NotifierSession.run(settings: settings) { session in
            try await session.client.publish(.availability(topic: topic, online: true))
            try await session.client.publish(.availability(topic: "pbtest/scoring/availability", online: true))
            try await Task.sleep(for: .milliseconds(300))
            try await session.client.publish(.availability(topic: topic, online: false))
            try await webhook.wait(for: "offline") { $0.contains { $0.text.contains("pb-collector went offline") } }
            try await session.client.publish(.availability(topic: topic, online: true))
            try await webhook.wait(for: "online") { $0.contains { $0.text.contains("pb-collector is back online") } }

            try await session.restart()  // reads the retained `online` states again
            try await session.client.publish(.availability(topic: "pbtest/scoring/availability", online: false))
            try await webhook.wait(for: "scoring offline") { $0.contains { $0.text.contains("pb-scoring went offline") } }
            try await Task.sleep(for: .milliseconds(500))
            #expect(webhook.accepted.count == 3)
            #expect(webhook.accepted.filter { $0.text.contains("pb-collector") }.count == 2)
        }
        await webhook.stop()
    }

    @Test("settings over MQTT are validated, stored, echoed redacted; test answers with the delivery result", .timeLimit(.minutes(2)))
    func settingsAndTest() async throws {
        let ntfy = try await WebhookTestServer.start(flavor: .ntfy)
        let gone = try await WebhookTestServer.start(flavor: .discord)
        gone.setFallback(.status(404))
        try await NotifierSession.run(settings: J.settings([])) { session in
            let setTopic = session.topics.settingsSet
            let update =
                #"{"id": "u1", "destinations": [\#(J.destination("phone", .ntfy, server: ntfy, extra: #", "token": "tk_secret""#)), \#(J.destination("old", .discord, server: gone, path: "/api/webhooks/9/tok"))]}"#
            let reply = try await session.request(setTopic, update, as: NotifierSettings.self)
            #expect(reply.ok && reply.id == "u1")
            let phone = try #require(reply.result?.destination("phone"))
            #expect(phone.token == "…" && phone.url == "http://127.0.0.1:\(ntfy.port)/…")

            let bad = try await session.request(
                setTopic, #"{"id": "u2", "destinations": [{"id": "x", "kind": "teams", "url": "https://a"}]}"#, as: NotifierSettings.self)
            #expect(!bad.ok && bad.error?.code == "invalid" && bad.id == "u2")
            let malformed = try await session.request(setTopic, "{not json", as: NotifierSettings.self)
            #expect(malformed.error?.code == "malformed")

            let test = try await session.request(session.topics.request("test"), #"{"id": "t1", "destination": "phone"}"#, as: TestResult.self)
            #expect(test.result?.delivered == true && test.result?.status == 200)
            try await ntfy.wait(for: "the test message") { $0.contains { $0.text.contains("ProxBalance test message") } }
            #expect(ntfy.accepted.last?.header("Authorization") == "Bearer tk_secret")
            let failed = try await session.request(session.topics.request("test"), #"{"id": "t2", "destination": "old"}"#, as: TestResult.self)
            #expect(failed.result?.outcome == "gone" && failed.result?.status == 404)
            let unknown = try await session.request(session.topics.request("test"), #"{"id": "t3", "destination": "nope"}"#, as: TestResult.self)
            #expect(unknown.error?.code == "not_found")
            let op = try await session.request(session.topics.request("explode"), #"{"id": "t4"}"#, as: TestResult.self)
            #expect(op.error?.code == "unknown_operation")

            // Stored: a restart keeps the destinations set over MQTT (the file did not change).
            try await session.restart()
            let status = try await session.request(session.topics.request("status"), #"{"id": "s"}"#, as: NotifierStatus.self)
            #expect(status.result?.destinations.map(\.id) == ["phone", "old"])
        }
        await ntfy.stop()
        await gone.stop()
    }
}
