import Contract
import Foundation
import Logging
import MQTT
import TestSupport
import Testing

/// The service executables as an admin runs them: configuration errors, availability, signals.
@Suite("Service processes", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ServiceProcessTests {
    static let logger = Logger(label: "service-process-test")

    @Test(
        "a missing or wrong setting stops the service at start with one line naming it",
        arguments: [
            ("pb-collector", ["PROXBALANCE_PVE_URL": ""], "PROXBALANCE_PVE_URL"),
            ("pb-collector", ["PROXBALANCE_PVE_URL": "https://pve:8006", "PROXBALANCE_PVE_TOKEN": "oops"], "PROXBALANCE_PVE_TOKEN"),
            ("pb-scoring", ["PROXBALANCE_MQTT_URL": "http://broker"], "PROXBALANCE_MQTT_URL"),
            ("pb-notifier", ["PROXBALANCE_LOG_LEVEL": "chatty"], "PROXBALANCE_LOG_LEVEL"),
            ("pb-scoring", ["PROXBALANCE_LOG_FORMAT": "xml"], "PROXBALANCE_LOG_FORMAT"),
            ("pb-executor", ["PROXBALANCE_PVE_URL": ""], "PROXBALANCE_PVE_URL"),
            (
                "pb-executor",
                [
                    "PROXBALANCE_PVE_URL": "https://pve:8006", "PROXBALANCE_PVE_TOKEN": "root@pam!t=oops",
                    "PROXBALANCE_EXECUTOR_POLL_INTERVAL_MS": "5",
                ],
                "PROXBALANCE_EXECUTOR_POLL_INTERVAL_MS"
            ),
        ])
    func configurationErrors(executable: String, environment: [String: String], setting: String) throws {
        let result = try BuiltExecutable.run(executable, [], environment: environment)
        #expect(result.status == 2)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.hasPrefix("\(executable): configuration error: \(setting):"))
        #expect(!result.standardError.contains("oops"))
    }

    @Test(
        "a service announces itself online, and offline before it exits on SIGTERM; pb-scoring without a cluster serves every cluster and announces itself bus-wide",
        .timeLimit(.minutes(1)),
        arguments: [("lab", "proxbalance/lab/scoring/availability"), ("", "proxbalance/scoring/availability")])
    func availabilityAndSignals(cluster: String, topic: String) async throws {
        try await withBroker { broker in
            let observer = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "observer"), logger: Self.logger)
            try await observer.connect()
            let availability = try await AvailabilityWatch(observer, topic: topic)
            let service = try BuiltExecutable.start(
                "pb-scoring", [], environment: ["PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_CLUSTER": cluster])
            defer { service.terminate() }
            try await availability.online()
            service.signal(SIGTERM)
            try await availability.offline(within: .seconds(10))
            #expect(await service.exitStatus() == 0)
            await observer.disconnect()
        }
    }

    @Test(
        "SIGTERM after the broker went away still ends every service within seconds", .timeLimit(.minutes(1)),
        arguments: ["pb-scoring", "pb-notifier"])
    func signalWithBrokerGone(executable: String) async throws {
        try await withBroker { broker in
            let observer = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "observer"), logger: Self.logger)
            try await observer.connect()
            let availability = try await AvailabilityWatch(observer, topic: "proxbalance/lab/+/availability")
            let service = try BuiltExecutable.start(
                executable, [], environment: ["PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_CLUSTER": "lab"])
            defer { service.terminate() }
            try await availability.online()
            await observer.disconnect()
            broker.stop()
            try await Task.sleep(for: .seconds(1))  // the service notices and starts reconnecting
            service.signal(SIGTERM)
            let ended = await service.exitStatus(within: .seconds(10))
            #expect(ended == 0, "\(executable) did not exit within 10 s of SIGTERM with the broker gone")
        }
    }

    @Test("SIGTERM while still waiting for Proxmox at start ends the process cleanly", .timeLimit(.minutes(1)))
    func signalDuringStartup() async throws {
        let unreachable = try freeLoopbackPort()
        let collector = try BuiltExecutable.start(
            "pb-collector", [],
            environment: [
                "PROXBALANCE_MQTT_URL": "mqtt://127.0.0.1:\(unreachable)", "PROXBALANCE_PVE_URL": "https://127.0.0.1:\(unreachable)",
                "PROXBALANCE_PVE_TOKEN": "root@pam!t=secret", "PROXBALANCE_CLUSTER": "",
            ])
        defer { collector.terminate() }
        try await Task.sleep(for: .seconds(1.5))  // retrying the cluster name by now
        collector.signal(SIGTERM)
        #expect(await collector.exitStatus() == 0)
    }

    @Test("pb-collector publishes the simulated cluster, and stops cleanly on SIGINT", .timeLimit(.minutes(1)))
    func collectorProcess() async throws {
        let data = try TemporaryDirectory(prefix: "collector-process")
        defer { data.remove() }
        try await withBroker { broker in
            try await withSimulator(scenario: try SimulatorScenarios.demo()) { simulator in
                let observer = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "observer"), logger: Self.logger)
                try await observer.connect()
                let states = try await observer.subscribe("proxbalance/+/cluster/state")
                let availability = try await AvailabilityWatch(observer, topic: "proxbalance/homelab/collector/availability")
                let collector = try BuiltExecutable.start(
                    "pb-collector", [],
                    environment: [
                        "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_PVE_URL": simulator.baseURL,
                        "PROXBALANCE_PVE_TOKEN": simulator.token, "PROXBALANCE_PVE_FINGERPRINT": simulator.fingerprint,
                        "PROXBALANCE_CLUSTER": "", "PROXBALANCE_COLLECTOR_INTERVAL_SECONDS": "5",
                        "PROXBALANCE_DATA_DIR": data.path,
                    ])
                defer { collector.terminate() }
                try await availability.online()
                let message = try await states.next(within: .seconds(15))
                // The cluster id comes from Proxmox's cluster name when PROXBALANCE_CLUSTER is unset.
                #expect(message.topic == "proxbalance/homelab/cluster/state")
                let snapshot = try MessageCoding.decode(ClusterSnapshot.self, from: message.payloadData)
                #expect(snapshot.nodes.count == 4)
                collector.signal(SIGINT)
                #expect(await collector.exitStatus() == 0)
                await observer.disconnect()
            }
        }
    }
}
