import Contract
import Foundation
import Logging
import MQTT
import PVESimulator
import Primitives
import TestSupport
import Testing

/// `pb-collector` and `pb-executor` started while Proxmox refuses their token: they come online
/// and say so on the bus, and run normally once Proxmox accepts the token.
@Suite("Start-up failures on the bus", .enabled(if: MosquittoBroker.isAvailable), .serialized)
struct StartupFailureProcessTests {
    static let logger = Logger(label: "startup-failure-test")
    static let goodToken = "root@pam!test=secret"
    static let collectorToken = "root@pam!test=revoked-secret"
    static let interval = Duration.seconds(10)

    /// The simulator on a fixed port and certificate, restartable with another accepted token.
    final class Proxmox: @unchecked Sendable {
        let port: Int
        let directory: TemporaryDirectory
        var running: RunningSimulator

        init(token: String) async throws {
            port = try freeLoopbackPort()
            directory = try TemporaryDirectory(prefix: "startup-sim")
            running = try await startSimulator(scenario: try SimulatorScenarios.demo(), token: token, port: port, dataDirectory: directory.path)
        }

        /// Restarts Proxmox accepting `token` only.
        func accept(_ token: String) async throws {
            await running.stop()
            running = try await startSimulator(
                scenario: try SimulatorScenarios.demo(), token: token, port: port, dataDirectory: directory.path)
        }

        func stop() async {
            await running.stop()
            directory.remove()
        }
    }

    static func environment(_ broker: MosquittoBroker, _ proxmox: Proxmox, token: String, data: TemporaryDirectory) -> [String: String] {
        [
            "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_PVE_URL": proxmox.running.baseURL, "PROXBALANCE_PVE_TOKEN": token,
            "PROXBALANCE_PVE_FINGERPRINT": proxmox.running.fingerprint, "PROXBALANCE_CLUSTER": "",
            "PROXBALANCE_COLLECTOR_INTERVAL_SECONDS": "\(Int(interval.seconds))", "PROXBALANCE_DATA_DIR": data.path,
        ]
    }

    /// Every message on `messages` until one on `topic` (included), in order.
    static func messages(on messages: MQTTSubscription, until topic: String, within timeout: Duration) async throws -> [MQTTMessage] {
        try await withTestTimeout(timeout, "a message on \(topic)") {
            var seen: [MQTTMessage] = []
            for await message in messages {
                seen.append(message)
                if message.topic == topic { return seen }
            }
            throw TestFailure("the subscription ended")
        }
    }

    static func event(_ message: MQTTMessage) throws -> BusEvent {
        try MessageCoding.decode(BusEvent.self, from: message.payloadData)
    }

    @Test(
        "wrong token at first start: pb-collector comes online bus-wide and publishes auth_failed within one interval; once Proxmox accepts the token it runs for its cluster",
        .timeLimit(.minutes(2)))
    func wrongTokenAtFirstStart() async throws {
        let data = try TemporaryDirectory(prefix: "startup-collector")
        defer { data.remove() }
        let proxmox = try await Proxmox(token: Self.goodToken)
        try await withBroker { broker in
            let observer = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "observer"), logger: Self.logger)
            try await observer.connect()
            let everything = try await observer.subscribe("proxbalance/#")
            let started = ContinuousClock.now
            let collector = try BuiltExecutable.start(
                "pb-collector", [], environment: Self.environment(broker, proxmox, token: Self.collectorToken, data: data))
            defer { collector.terminate() }

            let before = try await Self.messages(on: everything, until: "proxbalance/events/collector", within: Self.interval)
            #expect(ContinuousClock.now - started < Self.interval, "within one collection interval")
            #expect(before.contains { $0.topic == "proxbalance/collector/availability" && $0.payloadString == "online" })
            let payload = try #require(before.last?.payloadString)
            #expect(!payload.contains("revoked-secret"), "the token's secret appears nowhere")
            let failure = try Self.event(try #require(before.last))
            #expect(failure.kind == "auth_failed")
            #expect(failure.category == .collector)
            #expect(failure.cluster == "")
            #expect(failure.message.contains("PROXBALANCE_PVE_TOKEN"))

            // The admin fixes the token on the Proxmox side; the collector retries and runs.
            try await proxmox.accept(Self.collectorToken)
            let after = try await Self.messages(on: everything, until: "proxbalance/homelab/cluster/state", within: .seconds(60))
            // (A retry while the simulator restarts may see it unreachable: collection_failed.)
            let events = try after.filter { $0.topic == "proxbalance/events/collector" }.map(Self.event).map(\.kind)
            #expect(events.last == "recovered" && events.filter { $0 != "collection_failed" } == ["recovered"], "\(events)")
            let busWide = after.filter { $0.topic == "proxbalance/collector/availability" }.compactMap(\.payloadString)
            #expect(busWide == [""], "the bus-wide availability is cleared, not set offline: \(busWide)")
            #expect(after.contains { $0.topic == "proxbalance/homelab/collector/availability" && $0.payloadString == "online" })
            let remembered = try String(contentsOfFile: data.file("collector.cluster"), encoding: .utf8)
            #expect(remembered == "homelab\n")

            collector.signal(SIGTERM)
            #expect(await collector.exitStatus() == 0)
            await observer.disconnect()
        }
        await proxmox.stop()
    }

    @Test(
        "a revoked token at a later start: pb-collector announces under the cluster it last served, and carries on there without going offline once the token works",
        .timeLimit(.minutes(2)))
    func revokedTokenAtRestart() async throws {
        let data = try TemporaryDirectory(prefix: "startup-collector")
        defer { data.remove() }
        let proxmox = try await Proxmox(token: Self.collectorToken)
        try await withBroker { broker in
            let observer = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "observer"), logger: Self.logger)
            try await observer.connect()
            let everything = try await observer.subscribe("proxbalance/#")
            let environment = Self.environment(broker, proxmox, token: Self.collectorToken, data: data)
            let first = try BuiltExecutable.start("pb-collector", [], environment: environment)
            defer { first.terminate() }
            _ = try await Self.messages(on: everything, until: "proxbalance/homelab/cluster/state", within: .seconds(20))
            first.signal(SIGTERM)
            #expect(await first.exitStatus() == 0)

            try await proxmox.accept(Self.goodToken)  // the collector's token is revoked
            let second = try BuiltExecutable.start("pb-collector", [], environment: environment)
            defer { second.terminate() }
            let before = try await Self.messages(on: everything, until: "proxbalance/homelab/events/collector", within: .seconds(10))
            let failure = try Self.event(try #require(before.last))
            #expect(failure.kind == "auth_failed")
            #expect(failure.cluster == "homelab")
            #expect(before.contains { $0.topic == "proxbalance/homelab/collector/availability" && $0.payloadString == "online" })

            try await proxmox.accept(Self.collectorToken)
            let after = try await Self.messages(on: everything, until: "proxbalance/homelab/cluster/state", within: .seconds(60))
            let events = try after.filter { $0.topic == "proxbalance/homelab/events/collector" }.map(Self.event).map(\.kind)
            #expect(events.last == "recovered" && events.filter { $0 != "collection_failed" } == ["recovered"], "\(events)")
            let availability = after.filter { $0.topic.hasSuffix("/collector/availability") }.compactMap(\.payloadString)
            #expect(!availability.contains("offline"), "handed over without going offline: \(availability)")

            second.signal(SIGTERM)
            #expect(await second.exitStatus() == 0)
            await observer.disconnect()
        }
        await proxmox.stop()
    }

    @Test(
        "wrong token: pb-executor comes online under the cluster found on the bus and publishes auth_failed on its events; SIGTERM leaves it offline",
        .timeLimit(.minutes(1)))
    func executorWrongToken() async throws {
        let data = try TemporaryDirectory(prefix: "startup-executor")
        defer { data.remove() }
        let proxmox = try await Proxmox(token: Self.goodToken)
        try await withBroker { broker in
            let observer = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "observer"), logger: Self.logger)
            try await observer.connect()
            // A collector ran here before: its retained snapshot names the cluster.
            try await observer.publish(MQTTMessage(topic: "proxbalance/homelab/cluster/state", string: "{}", retain: true))
            let executorTopics = try await observer.subscribe("proxbalance/+/+/executor")
            let availability = try await observer.subscribe("proxbalance/homelab/executor/availability")
            let executor = try BuiltExecutable.start(
                "pb-executor", [], environment: Self.environment(broker, proxmox, token: Self.collectorToken, data: data))
            defer { executor.terminate() }

            let message = try await executorTopics.next(within: .seconds(10))
            #expect(message.topic == "proxbalance/homelab/events/executor")
            let failure = try Self.event(message)
            #expect(failure.kind == "auth_failed")
            #expect(failure.category == .executor)
            #expect(failure.cluster == "homelab")
            #expect(failure.message.hasPrefix("pb-executor cannot start"))
            #expect(try await availability.next(within: .seconds(5)).payloadString == "online")

            executor.signal(SIGTERM)
            #expect(await executor.exitStatus() == 0)
            #expect(try await availability.next(within: .seconds(10)).payloadString == "offline")
            await observer.disconnect()
        }
        await proxmox.stop()
    }
}
