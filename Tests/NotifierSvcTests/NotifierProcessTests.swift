import Contract
import Foundation
import Logging
import MQTT
import NotifierSvc
import TestSupport
import Testing

/// `pb-notifier` as an admin runs it: configured by environment and a destinations file.
@Suite("Notifier process", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct NotifierProcessTests {
    typealias F = NotifierFixtures

    func start(_ broker: MosquittoBroker, data: String, file: String) throws -> RunningProcess {
        try BuiltExecutable.start(
            "pb-notifier", [],
            environment: [
                "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_CLUSTER": "", "PROXBALANCE_DATA_DIR": data,
                "PROXBALANCE_NOTIFIER_DESTINATIONS_FILE": file, "PROXBALANCE_LOG_LEVEL": "error",
            ])
    }

    @Test(
        "killed mid-outage and restarted, pb-notifier delivers every event once, also those sent while it was down",
        .timeLimit(.minutes(2)))
    func crashMidOutage() async throws {
        let directory = try TemporaryDirectory(prefix: "notifier-process")
        defer { directory.remove() }
        let webhook = try await WebhookTestServer.start(flavor: .webhook)
        webhook.setFallback(.status(502))
        let file = directory.file("destinations.json")
        try Data(NotifierSettingsJSON.settings([NotifierSettingsJSON.destination("hook", .webhook, server: webhook)]).utf8)
            .write(to: URL(fileURLWithPath: file))
        try await withBroker { broker in
            let client = try await NotifierIntegration.client(broker)
            let availability = try await AvailabilityWatch(client, topic: "proxbalance/notifier/availability")
            var notifier = try start(broker, data: directory.file("data"), file: file)
            defer { notifier.terminate() }
            try await availability.online()

            var ids: [String] = []
            func publish(_ vmid: Int) async throws {
                let event = F.migration(vmid: vmid)
                ids.append(event.id)
                try await client.publish(MQTTMessage(topic: "proxbalance/demo/events/migrations", data: try MessageCoding.encode(event)))
            }
            for vmid in 6001...6005 { try await publish(vmid) }
            try await webhook.wait(for: "attempts during the outage") { Set($0.flatMap(\.eventIDs)).count >= 5 }
            notifier.signal(SIGKILL)
            _ = await notifier.exitStatus()

            for vmid in 6006...6010 { try await publish(vmid) }
            webhook.setFallback(.ok)
            notifier = try start(broker, data: directory.file("data"), file: file)
            try await availability.online()
            try await webhook.wait(for: "10 delivered") { Set($0.filter(\.accepted).flatMap(\.eventIDs)).count >= 10 }
            try await Task.sleep(for: .seconds(1))
            #expect(webhook.accepted.flatMap(\.eventIDs).sorted() == ids.sorted())

            notifier.signal(SIGTERM)
            #expect(await notifier.exitStatus(within: .seconds(10)) == 0)
            await client.disconnect()
        }
        await webhook.stop()
    }

    @Test("a destinations file that is not valid stops pb-notifier at start with one line naming it")
    func badFile() throws {
        let directory = try TemporaryDirectory(prefix: "notifier-process")
        defer { directory.remove() }
        let file = directory.file("destinations.json")
        try Data(#"[{"id": "x", "kind": "teams", "url": "https://hooks.example.com/abc"}]"#.utf8).write(to: URL(fileURLWithPath: file))
        let result = try BuiltExecutable.run("pb-notifier", [], environment: ["PROXBALANCE_NOTIFIER_DESTINATIONS_FILE": file])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("pb-notifier: configuration error: PROXBALANCE_NOTIFIER_DESTINATIONS_FILE:"))
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(!result.standardError.contains("hooks.example.com/abc"))
    }
}
