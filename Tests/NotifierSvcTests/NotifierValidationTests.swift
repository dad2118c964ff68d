import Contract
import Foundation
import MQTT
import NotifierSvc
import TestSupport
import Testing

/// Bad settings and requests to the notifier over a real mosquitto: refused naming the key,
/// nothing stored.
@Suite("Notifier integration: input validation", .enabled(if: MosquittoBroker.isAvailable), .serialized)
struct NotifierValidationTests {
    typealias J = NotifierSettingsJSON

    @Test("a refused settings update names the key and leaves the stored settings unchanged, across a restart", .timeLimit(.minutes(1)))
    func settingsRefused() async throws {
        let hook = try await WebhookTestServer.start(flavor: .discord)
        try await NotifierSession.run(settings: J.settings([J.destination("ops", .discord, server: hook)])) { session in
            let set = session.topics.settingsSet
            let severity = try await session.request(
                set, #"{"id":"u1","destinations":[{"id":"ops","kind":"discord","url":"https://a","min_severity":"fatal"}]}"#,
                as: NotifierSettings.self)
            #expect(severity.id == "u1")
            #expect(severity.error == .invalid(#"destinations[0].min_severity: must be one of info, warning, critical, got "fatal""#))
            let misspelt = try await session.request(
                set, #"{"id":"u2","destinations":[{"id":"ops","kind":"discord","url":"https://a","min_severty":"info"}]}"#,
                as: NotifierSettings.self)
            #expect(misspelt.error == .invalid("destinations[0].min_severty: unknown key (did you mean 'min_severity'?)"))
            let huge = try await session.request(set, #"{"id":"u3","coalesce_window_seconds":1e300}"#, as: NotifierSettings.self)
            #expect(huge.error == .invalid("coalesce_window_seconds: must be from 0 to 3600, got 1e+300"))
            let unknownOp = try await session.request(session.topics.request("status"), #"{"id":"q1","verbose":true}"#, as: NotifierStatus.self)
            #expect(unknownOp.error == .invalid("verbose: unknown key"))

            try await session.restart()
            let (stored, _) = try await TestBus.next(NotifierSettings.self, on: try await session.client.subscribe(session.topics.settings))
            #expect(stored.destinations.map(\.id) == ["ops"])
            #expect(stored.destinations.first?.minSeverity == .info)
            #expect(stored.coalesceWindowSeconds == 0)
        }
        await hook.stop()
    }
}
