import Foundation
import MQTT
import TestSupport
import Testing

/// `deploy/mosquitto/acl` as compose ships it, loaded into a real mosquitto.
@Suite("Deployed broker ACL", .enabled(if: MosquittoBroker.isAvailable))
struct DeployedACLTests {
    static func options(user: String) throws -> MosquittoBroker.Options {
        let acl = SimulatorScenarios.packageRoot.appendingPathComponent("deploy/mosquitto/acl")
        return MosquittoBroker.Options(users: [user: "pw"], allowAnonymous: false, aclRules: try String(contentsOf: acl, encoding: .utf8))
    }

    @Test(
        "the collector and the executor may announce a start-up failure bus-wide and under a cluster, and nothing of the other",
        .timeLimit(.minutes(1)),
        arguments: [
            (
                "svc-collector",
                [
                    "proxbalance/collector/availability", "proxbalance/events/collector", "proxbalance/lab/events/collector",
                    "proxbalance/lab/collector/availability",
                ],
                "proxbalance/events/executor"
            ),
            (
                "svc-executor",
                [
                    "proxbalance/executor/availability", "proxbalance/events/executor", "proxbalance/lab/events/executor",
                    "proxbalance/lab/executor/availability",
                ],
                "proxbalance/events/collector"
            ),
        ])
    func startupAnnouncements(user: String, allowed: [String], denied: String) async throws {
        try await withBroker(options: try Self.options(user: user)) { broker in
            var config = try MQTTTest.configuration(broker)
            config.username = user
            config.password = "pw"
            let client = MQTTClient(configuration: config, logger: MQTTTest.logger)
            try await client.connect()
            for topic in allowed {
                try await client.publish(MQTTMessage(topic: topic, string: "allowed"))
            }
            let error = await #expect(throws: MQTTError.self) {
                try await client.publish(MQTTMessage(topic: denied, string: "denied"))
            }
            #expect(error?.code == 135)
            await client.disconnect()
        }
    }
}
