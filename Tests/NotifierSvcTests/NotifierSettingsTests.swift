import Contract
import Foundation
import ServiceRuntime
import TestSupport
import Testing

@testable import NotifierSvc

@Suite("Notifier settings")
struct NotifierSettingsTests {
    typealias F = NotifierFixtures

    func apply(_ json: String, to settings: NotifierSettings = NotifierSettings()) throws(ReplyError) -> NotifierSettings {
        try NotifierSettingsUpdate.apply(Data(json.utf8), to: settings)
    }

    @Test("a destination needs only id, kind and url; the rest defaults")
    func defaults() throws {
        let settings = try apply(#"{"destinations": [{"id": "ops", "kind": "slack", "url": "https://hooks.slack.com/services/T/B/x"}]}"#)
        let destination = try #require(settings.destination("ops"))
        #expect(destination.enabled && destination.events == ["*"] && destination.minSeverity == .info)
        #expect(destination.effectiveRateLimit == RateLimit(requests: 1, perSeconds: 1))
    }

    @Test("published settings hide URLs, tokens and header values")
    func redaction() throws {
        let settings = try apply(
            #"{"destinations": [{"id": "g", "kind": "gotify", "url": "https://user:pw@gotify.example.com/x?token=abc", "token": "T", "headers": {"X-Key": "v"}}]}"#
        )
        let redacted = settings.redacted.destinations[0]
        #expect(redacted.url == "https://gotify.example.com/…")
        #expect(redacted.token == "…")
        #expect(redacted.headers["X-Key"] == "…")
        let json = String(decoding: try MessageCoding.encode(settings.redacted), as: UTF8.self)
        #expect(!json.contains("abc") && !json.contains("pw@") && !json.contains("\"T\""))
    }

    @Test("sending the redacted settings back keeps the secrets; enabling clears the disabled reason")
    func roundTrip() throws {
        var current = try apply(#"{"destinations": [{"id": "d", "kind": "discord", "url": "https://discord.com/api/webhooks/1/tok"}]}"#)
        current.destinations[0].enabled = false
        current.destinations[0].disabledReason = "webhook gone: HTTP 404"
        var echoed = current.redacted
        echoed.destinations[0].minSeverity = .warning
        let kept = try NotifierSettingsUpdate.apply(try MessageCoding.encode(echoed), to: current)
        #expect(kept.destinations[0].url == "https://discord.com/api/webhooks/1/tok")
        #expect(kept.destinations[0].disabledReason == "webhook gone: HTTP 404")
        #expect(kept.destinations[0].minSeverity == .warning)
        let enabled = try apply(#"{"destinations": [{"id": "d", "kind": "discord", "url": "https://discord.com/…", "enabled": true}]}"#, to: kept)
        #expect(enabled.destinations[0].enabled && enabled.destinations[0].disabledReason == nil)
        #expect(enabled.destinations[0].url == "https://discord.com/api/webhooks/1/tok")
    }

    @Test("a destination's switch changes only its enabled flag; secrets and the others stay; unknown ids are refused")
    func switching() throws {
        let current = try apply(
            #"{"coalesce_window_seconds": 30, "destinations": [{"id": "ops", "kind": "gotify", "url": "https://gotify.example.com", "token": "T", "headers": {"X-Key": "v"}}, {"id": "phone", "kind": "ntfy", "url": "https://ntfy.sh/x"}]}"#
        )
        let off = try NotifierSettingsUpdate.enabling("ops", false, in: current)
        var expected = current
        expected.destinations[0].enabled = false
        #expect(off == expected)
        #expect(off.destination("ops")?.token == "T" && off.destination("ops")?.headers == ["X-Key": "v"])
        #expect(try NotifierSettingsUpdate.enabling("ops", true, in: off) == current)

        var gone = current
        gone.destinations[1].enabled = false
        gone.destinations[1].disabledReason = "webhook gone: HTTP 404"
        #expect(try NotifierSettingsUpdate.enabling("phone", false, in: gone).destination("phone")?.disabledReason == "webhook gone: HTTP 404")
        let back = try NotifierSettingsUpdate.enabling("phone", true, in: gone).destination("phone")
        #expect(back?.enabled == true && back?.disabledReason == nil)

        #expect(throws: ReplyError.notFound("no destination 'nope'")) { try NotifierSettingsUpdate.enabling("nope", false, in: current) }
    }

    @Test("retry and window merge key by key")
    func partial() throws {
        let settings = try apply(#"{"id": "r1", "coalesce_window_seconds": 0, "retry": {"max_attempts": 3}}"#)
        #expect(settings.coalesceWindowSeconds == 0)
        #expect(settings.retry == RetrySettings(baseSeconds: 2, maxSeconds: 600, maxAttempts: 3))
    }

    static let refusals: [(String, String, String)] = [
        ("[1]", "malformed", "JSON object"),
        (#"{"colour": 1}"#, "invalid", "colour: unknown key"),
        (#"{"destinations": [{"id": "x", "kind": "teams", "url": "https://a"}]}"#, "invalid", "kind"),
        (#"{"destinations": [{"id": "x", "kind": "slack", "url": "ftp://a"}]}"#, "invalid", "destinations[0].url"),
        (#"{"destinations": [{"id": "x", "kind": "slack", "url": "https://a", "sound": 1}]}"#, "invalid", "destinations[0].sound"),
        (
            #"{"destinations": [{"id": "x", "kind": "slack", "url": "https://a"}, {"id": "x", "kind": "slack", "url": "https://b"}]}"#, "invalid",
            "used twice"
        ),
        (#"{"destinations": [{"id": "x", "kind": "slack", "url": "https://a", "events": ["nope.*"]}]}"#, "invalid", "unknown category"),
        (#"{"destinations": [{"id": "g", "kind": "gotify", "url": "https://a"}]}"#, "invalid", "token"),
        (#"{"destinations": [{"id": "new", "kind": "slack", "url": "https://hooks.slack.com/…"}]}"#, "invalid", "redacted"),
        (#"{"coalesce_window_seconds": -1}"#, "invalid", "coalesce_window_seconds"),
        (#"{"retry": {"max_attempts": 0}}"#, "invalid", "retry.max_attempts: must be an integer from 1 to 1000, got 0"),
        (#"{"retry": {"base_secs": 1}}"#, "invalid", "retry.base_secs: unknown key (did you mean 'base_seconds'?)"),
        (#"{"retry": {"max_seconds": 1e300}}"#, "invalid", "retry.max_seconds: must be from 1 to 86400, got 1e+300"),
        (#"{"coalesce_window_seconds": 1e300}"#, "invalid", "coalesce_window_seconds: must be from 0 to 3600, got 1e+300"),
        (
            #"{"destinations": [{"id": "x", "kind": "slack", "url": "https://a", "min_severity": "fatal"}]}"#, "invalid",
            #"destinations[0].min_severity: must be one of info, warning, critical, got "fatal""#
        ),
        (
            #"{"destinations": [{"id": "a", "kind": "slack", "url": "https://a"}, {"id": "x", "kind": "slack", "url": "https://a", "min_severty": "info"}]}"#,
            "invalid", "destinations[1].min_severty: unknown key (did you mean 'min_severity'?)"
        ),
        (
            #"{"destinations": [{"id": "x", "kind": "slack", "url": "https://a", "timeout_seconds": 1e300}]}"#, "invalid",
            "destinations[0].timeout_seconds: must be from 0.1 to 120, got 1e+300"
        ),
        (
            #"{"destinations": [{"id": "x", "kind": "slack", "url": "https://a", "rate_limit": {"requests": 1, "per_seconds": 1e300}}]}"#,
            "invalid", "destinations[0].rate_limit.per_seconds: must be from 0.1 to 86400, got 1e+300"
        ),
        (
            #"{"destinations": [{"id": "x", "kind": "slack", "url": "https://a", "rate_limit": {"requests": 1, "per_second": 1}}]}"#,
            "invalid", "destinations[0].rate_limit.per_second: unknown key (did you mean 'per_seconds'?)"
        ),
        (
            #"{"destinations": [{"id": "x", "kind": "slack", "url": "https://a", "timeout_seconds": "10"}]}"#, "invalid",
            "destinations[0].timeout_seconds: expected a number"
        ),
        (
            #"{"destinations": [{"id": "x", "kind": "slack", "url": "https://\#(String(repeating: "a", count: 3000))"}]}"#, "invalid",
            "destinations[0].url: must be 1–2048 characters, got 3008 characters"
        ),
        (#"{"destinations": [{"id": "x", "kind": "slack"}]}"#, "invalid", "destinations[0].url: required field is missing"),
        (#"{"destinations": {"id": "x"}}"#, "invalid", "destinations: must be a list, got an object"),
    ]

    @Test("bad updates are refused naming the field, and change nothing", arguments: refusals)
    func refused(json: String, code: String, mentions: String) {
        do {
            _ = try apply(json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.code == code)
            #expect(error.message.contains(mentions), "\(error.message)")
            #expect(error.message.contains("minSeverity") == false && error.message.contains("CodingKeys") == false)
        }
    }

    @Test("the destinations file may be the settings object or just the destinations array")
    func destinationsFile() throws {
        let directory = try TemporaryDirectory(prefix: "notifier-settings")
        defer { directory.remove() }
        let path = directory.file("destinations.json")
        try Data(#"[{"id": "ops", "kind": "discord", "url": "https://discord.com/api/webhooks/1/x"}]"#.utf8).write(to: URL(fileURLWithPath: path))
        let configuration = try NotifierConfiguration(source: ConfigSource(environment: ["PROXBALANCE_NOTIFIER_DESTINATIONS_FILE": path]))
        let loaded = try #require(try configuration.loadDestinationsFile())
        #expect(loaded.settings.destinations.map(\.id) == ["ops"])
        try Data(#"{"destinations": [{"id": "ops", "kind": "bogus", "url": "x"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigurationError.self) { try configuration.loadDestinationsFile() }
    }
}
