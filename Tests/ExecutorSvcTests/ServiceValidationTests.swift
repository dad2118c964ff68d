import Contract
import ExecutorSvc
import Foundation
import MQTT
import TestSupport
import Testing

/// Bad input to the executor over a real mosquitto: refused naming the key, nothing stored or done.
@Suite("Service: input validation over MQTT", .enabled(if: MosquittoBroker.isAvailable), .serialized)
struct ServiceValidationTests {
    @Test("a refused settings update names the key and leaves the stored settings unchanged, across a restart", .timeLimit(.minutes(1)))
    func settingsRefused() async throws {
        let directory = try TemporaryDirectory(prefix: "executor-validation")
        defer { directory.remove() }
        try await RunnerHarness.run { runner in
            let client = try await TestBus.client(runner.broker, name: "admin")
            let harness = ServiceHarness(runner: runner, client: client, directory: directory.path)
            var service = try await harness.startService()
            let misspelt = try await harness.settings(#"{"id":"s1","enabled":true,"dry_runn":false}"#)
            #expect(misspelt.id == "s1")
            #expect(misspelt.error == .invalid("dry_runn: unknown key (did you mean 'dry_run'?)"))
            let huge = try await harness.settings(#"{"id":"s2","enabled":true,"min_confidence":1e300}"#)
            #expect(huge.error == .invalid("min_confidence: must be from 0 to 100, got 1e+300"))
            let window = try await harness.settings(#"{"id":"s3","migration_windows":[{"name":"n","start":"22:00","end":"30:00"}]}"#)
            #expect(window.error == .invalid("migration_windows[0].end: '30:00' is not a time (HH:MM, 00:00–23:59)"))

            try await service.stop()
            service = try await harness.startService()
            let (stored, _) = try await TestBus.next(AutomationSettings.self, on: try await client.subscribe(harness.topics.settings(.executor)))
            #expect(stored == AutomationSettings())
            try await service.stop()
            await client.disconnect()
        }
    }

    @Test("commands with a misspelt key or an impossible value are refused naming the key; nothing moves", .timeLimit(.minutes(1)))
    func commandsRefused() async throws {
        try await ServiceHarness.run { harness in
            let misspelt = try await harness.request("migrate", #"{"id":"c1","vmid":116,"taget":"pve4"}"#, as: JSONValue.self)
            #expect(misspelt.id == "c1")
            #expect(misspelt.error == .invalid("taget: unknown key (did you mean 'target'?)"))
            let vmid = try await harness.request("migrate", #"{"id":"c2","vmid":-1,"target":"pve4"}"#, as: JSONValue.self)
            #expect(vmid.error == .invalid("vmid: must be an integer from 100 to 999999999, got -1"))
            let node = String(repeating: "n", count: 3000)
            let evacuate = try await harness.request("evacuate", #"{"id":"c3","node":"\#(node)"}"#, as: JSONValue.self)
            #expect(evacuate.error == .invalid("node: must be 1–63 characters, got 3000 characters"))
            let automation = try await harness.request("run_automation", #"{"id":"c4","force":true}"#, as: JSONValue.self)
            #expect(automation.error == .invalid("force: unknown key"))
            let history = try await harness.request("history", #"{"id":"h1","limit":1e300}"#, as: JSONValue.self)
            #expect(history.error == .invalid("limit: not a valid value here, got 1e+300"))
            let format = try await harness.request("history", #"{"id":"h2","format":"xml"}"#, as: JSONValue.self)
            #expect(format.error == .invalid(#"format: must be one of json, csv, got "xml""#))
            let state = try await harness.request("history", #"{"id":"h3","state":"done"}"#, as: JSONValue.self)
            #expect(state.error?.message.hasPrefix("state: must be one of queued") == true)
            #expect(try await harness.runner.migrationTasks(116, on: "pve3").isEmpty)
            #expect(try await harness.journal().history(vmid: 116).isEmpty)
        }
    }
}
