import Foundation
import Logging
import TestSupport
import Testing

@testable import Contract
@testable import HTTPTransport
@testable import MQTT
@testable import ProxmoxAPI
@testable import ServiceRuntime

/// `StartupAnnouncer` against a real mosquitto: what a service that cannot learn its cluster
/// from Proxmox says on the bus, and when.
@Suite("Start-up announcer", .enabled(if: MosquittoBroker.isAvailable), .serialized)
struct StartupAnnouncerTests {
    static let unreachable = PVEError(
        kind: .transport, method: "GET", path: "/cluster/status", message: "connection refused",
        underlying: HTTPClientError(kind: .connectionFailed, message: "connection refused", url: "https://pve:8006/"))
    static let rejected = PVEError(kind: .unauthorized, status: 401, method: "GET", path: "/cluster/status", message: "authentication failure")

    /// One attempt of `announcer` that fails with `error`.
    static func fail(_ announcer: StartupAnnouncer, _ error: PVEError) async {
        await #expect(throws: PVEError.self) { _ = try await announcer.learn { throw error } }
    }

    /// Every message until one on `topic` with `payload` (when given), in order.
    static func messages(on messages: MQTTSubscription, until topic: String, payload: String? = nil) async throws -> [MQTTMessage] {
        try await withTestTimeout(.seconds(10), "a message on \(topic)") {
            var seen: [MQTTMessage] = []
            for await message in messages {
                seen.append(message)
                if message.topic == topic, payload == nil || message.payloadString == payload { return seen }
            }
            throw TestFailure("the subscription ended")
        }
    }

    static func kinds(_ messages: [MQTTMessage], on topic: String) throws -> [String] {
        try messages.filter { $0.topic == topic }.map { try MessageCoding.decode(BusEvent.self, from: $0.payloadData).kind }
    }

    @Test(
        "bus-wide at first: a lone unreachable attempt is not announced, the second is, a token rejection too; recovered and the availability cleared when the cluster is learned",
        .timeLimit(.minutes(1)))
    func firstStart() async throws {
        let data = try TemporaryDirectory(prefix: "startup-announcer")
        defer { data.remove() }
        try await withBroker { broker in
            let observer = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "observer"), logger: MQTTTest.logger)
            try await observer.connect()
            let everything = try await observer.subscribe("proxbalance/#")
            let common = CommonConfiguration(mqttURL: broker.url, dataDirectory: data.path)
            let announcer = StartupAnnouncer(service: .executor, common: common, logger: MQTTTest.logger)

            await Self.fail(announcer, Self.unreachable)
            // Had it announced, its messages would have arrived before this marker.
            try await observer.publish(MQTTMessage(topic: "proxbalance/test/marker", string: "after one failure"))
            #expect(try await Self.messages(on: everything, until: "proxbalance/test/marker").count == 1)
            await Self.fail(announcer, Self.unreachable)
            await Self.fail(announcer, Self.unreachable)
            await Self.fail(announcer, Self.rejected)
            await Self.fail(announcer, Self.rejected)
            let learned = try await announcer.learn { "lab" }
            #expect(learned == "lab")
            #expect(RememberedCluster(directory: data.path, service: .executor).load(logger: MQTTTest.logger) == "lab")
            await announcer.finish(cluster: "lab")

            let seen = try await Self.messages(on: everything, until: "proxbalance/executor/availability", payload: "")
            #expect(try Self.kinds(seen, on: "proxbalance/events/executor") == ["proxmox_unreachable", "auth_failed", "recovered"])
            let availability = seen.filter { $0.topic == "proxbalance/executor/availability" }.compactMap(\.payloadString)
            #expect(availability == ["online", ""], "online while announcing, then cleared: nothing serves there")
            await observer.disconnect()
        }
    }

    @Test("a later start announces under the remembered cluster and hands over without going offline", .timeLimit(.minutes(1)))
    func rememberedCluster() async throws {
        let data = try TemporaryDirectory(prefix: "startup-announcer")
        defer { data.remove() }
        try RememberedCluster(directory: data.path, service: .collector).save("lab")
        try await withBroker { broker in
            let observer = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "observer"), logger: MQTTTest.logger)
            try await observer.connect()
            let everything = try await observer.subscribe("proxbalance/#")
            let common = CommonConfiguration(mqttURL: broker.url, dataDirectory: data.path)
            let announcer = StartupAnnouncer(service: .collector, common: common, logger: MQTTTest.logger)

            await Self.fail(announcer, Self.rejected)
            _ = try await announcer.learn { "lab" }
            await announcer.finish(cluster: "lab")
            try await observer.publish(MQTTMessage(topic: "proxbalance/test/marker", string: "after finish"))

            let seen = try await Self.messages(on: everything, until: "proxbalance/test/marker")
            #expect(try Self.kinds(seen, on: "proxbalance/lab/events/collector") == ["auth_failed", "recovered"])
            let availability = seen.filter { $0.topic == "proxbalance/lab/collector/availability" }.compactMap(\.payloadString)
            #expect(availability == ["online"], "the service's own connection takes over from here")
            await observer.disconnect()
        }
    }
}
