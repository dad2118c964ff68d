import Contract
import Foundation
import MQTT
import TestSupport
import Testing

/// `deploy/mosquitto/acl` as compose ships it, and the ACL `scripts/mosquitto-acl` generates for
/// another base topic, loaded into a real mosquitto.
@Suite("Deployed broker ACL", .enabled(if: MosquittoBroker.isAvailable))
struct DeployedACLTests {
    static let committedACL = SimulatorScenarios.packageRoot.appendingPathComponent("deploy/mosquitto/acl")
    /// Every account of the ACL.
    static let accounts = ["svc-collector", "svc-scoring", "svc-executor", "svc-notifier", "operator", "homeassistant", "console"]

    static func options(user: String) throws -> MosquittoBroker.Options {
        MosquittoBroker.Options(users: [user: "pw"], allowAnonymous: false, aclRules: try String(contentsOf: committedACL, encoding: .utf8))
    }

    /// Runs `scripts/mosquitto-acl <base>`: its exit status and standard output.
    static func generate(base: String, accounts: [String] = []) throws -> (status: Int32, acl: String) {
        let process = Process()
        process.executableURL = SimulatorScenarios.packageRoot.appendingPathComponent("scripts/mosquitto-acl")
        process.arguments = [base] + accounts
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A broker with every account (password `pw`) and the ACL generated for `base`, and a
    /// connected client per account.
    static func withAccounts(base: String, _ body: (MosquittoBroker, [String: MQTTClient]) async throws -> Void) async throws {
        let generated = try generate(base: base)
        try #require(generated.status == 0)
        let options = MosquittoBroker.Options(
            users: Dictionary(uniqueKeysWithValues: accounts.map { ($0, "pw") }), allowAnonymous: false, aclRules: generated.acl)
        try await withBroker(options: options) { broker in
            var clients: [String: MQTTClient] = [:]
            for user in accounts {
                var config = try MQTTTest.configuration(broker)
                config.username = user
                config.password = "pw"
                let client = MQTTClient(configuration: config, logger: MQTTTest.logger)
                try await client.connect()
                clients[user] = client
            }
            try await body(broker, clients)
            for client in clients.values { await client.disconnect() }
        }
    }

    @Test("the committed ACL is what scripts/mosquitto-acl writes for the base topic proxbalance")
    func committedACLIsGenerated() throws {
        let generated = try Self.generate(base: "proxbalance")
        #expect(generated.status == 0)
        let committed = try String(contentsOf: Self.committedACL, encoding: .utf8)
        #expect(generated.acl == committed, "run ./scripts/mosquitto-acl proxbalance > deploy/mosquitto/acl")
        #expect(!generated.acl.contains("@BASE@"))
    }

    @Test("scripts/mosquitto-acl with account names writes only their sections and the inbox pattern")
    func selectedAccounts() throws {
        let generated = try Self.generate(base: "home/pb", accounts: ["svc-collector", "console"])
        #expect(generated.status == 0)
        let lines = generated.acl.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("user ") } == ["user svc-collector", "user console"])
        #expect(lines.contains("pattern read home/pb/clients/%u/responses/#"))
        #expect(lines.contains("topic write home/pb/+/nodes/+"))
        #expect(try Self.generate(base: "home/pb", accounts: ["nobody"]).status != 0)
    }

    @Test(
        "scripts/mosquitto-acl refuses a base topic that is not a plain topic level path",
        arguments: ["", "a/+", "#", "a/#", "$SYS", "/a", "a/", "a//b", "a b", "a%u", "@BASE@"])
    func invalidBaseTopics(base: String) throws {
        let generated = try Self.generate(base: base)
        #expect(generated.status != 0)
        #expect(generated.acl.isEmpty)
    }

    /// One message a service or a client must be able to send and another must receive.
    struct Flow: Sendable, CustomTestStringConvertible {
        var publisher: String
        var topic: String
        var subscriber: String
        var filter: String
        var testDescription: String { "\(publisher) → \(topic) → \(subscriber) (\(filter))" }
    }

    /// What each account does on the bus (`Sources/*Svc`, `docs/mqtt-api.md`), base topic pbtest.
    static func flows() -> [Flow] {
        let base = "pbtest"
        let lab = Topics(base: base, cluster: "lab")
        let every = Topics(base: base, cluster: "+")
        let allStates = Topics.allClusterStates(base: base)
        let nodeDiscovery = HADeviceConfig.topic(objectID: "proxbalance_lab_pve1")
        let executorDiscovery = HADeviceConfig.topic(objectID: "proxbalance_lab_executor")
        func flow(_ publisher: String, _ topic: String, _ subscriber: String, _ filter: String? = nil) -> Flow {
            Flow(publisher: publisher, topic: topic, subscriber: subscriber, filter: filter ?? topic)
        }
        return [
            // Collector: state, summaries, events, availability, node discovery; reads the states (cluster discovery).
            flow("svc-collector", lab.clusterState, "svc-scoring", every.clusterState),
            flow("svc-collector", lab.clusterState, "svc-executor", lab.clusterState),
            flow("svc-collector", lab.clusterState, "svc-collector", allStates),
            flow("svc-collector", lab.node("pve1"), "homeassistant"),
            flow("svc-collector", lab.guest(100), "console"),
            flow("svc-collector", lab.events(.collector), "svc-notifier", "pbtest/+/events/#"),
            flow("svc-collector", lab.availability(.collector), "svc-notifier", "pbtest/+/+/availability"),
            flow("svc-collector", Topics.availability(base: base, .collector), "svc-notifier", "pbtest/+/availability"),
            flow("svc-collector", Topics.events(base: base, .collector), "operator", "pbtest/#"),
            flow("svc-collector", nodeDiscovery, "homeassistant", "homeassistant/#"),
            // Collector requests (`rrd`): scoring asks, the collector answers in scoring's inbox.
            flow("svc-scoring", lab.request(.collector, op: "rrd"), "svc-collector", every.request(.collector, op: "+")),
            flow("operator", lab.request(.collector, op: "rrd"), "svc-collector", every.request(.collector, op: "+")),
            flow("svc-collector", "pbtest/clients/svc-scoring/responses/scoring/1", "svc-scoring", "pbtest/clients/svc-scoring/responses/#"),
            flow("svc-collector", lab.response(.collector, op: "rrd"), "operator", "pbtest/#"),
            // Scoring: plans, scores, maintenance, settings, answers, events; reads outcomes and its commands.
            flow("svc-scoring", lab.recommendations, "svc-executor"),
            flow("svc-scoring", lab.maintenance, "svc-executor"),
            flow("svc-scoring", lab.placements, "svc-executor"),
            flow("svc-scoring", lab.scores, "homeassistant"),
            flow("svc-scoring", lab.settings(.scoring), "homeassistant"),
            flow("svc-scoring", lab.response(.scoring, op: "plan"), "homeassistant", "pbtest/+/+/response/+"),
            flow("svc-scoring", lab.events(.recommendations), "svc-notifier", "pbtest/lab/events/#"),
            flow("svc-scoring", lab.events(.capacity), "console", "pbtest/+/events/+"),
            flow("svc-scoring", lab.availability(.scoring), "svc-notifier", "pbtest/lab/+/availability"),
            flow("svc-scoring", Topics.availability(base: base, .scoring), "homeassistant", "pbtest/+/availability"),
            flow("svc-scoring", "pbtest/clients/operator/responses/1", "operator", "pbtest/clients/operator/responses/#"),
            flow("svc-executor", lab.outcomes, "svc-scoring", every.outcomes),
            flow("svc-executor", lab.migration("m-1"), "svc-scoring", every.migration("+")),
            flow("svc-scoring", lab.placements, "operator", "pbtest/#"),
            flow("svc-scoring", lab.feedback, "homeassistant"),
            flow("svc-scoring", lab.successMetrics, "console"),
            flow("operator", lab.maintenanceSet(node: "pve1"), "svc-scoring", every.maintenanceSet(node: "+")),
            flow("homeassistant", lab.settingsSet(.scoring), "svc-scoring", every.settingsSet(.scoring)),
            flow("svc-scoring", HADeviceConfig.topic(objectID: "proxbalance_lab_scoring"), "homeassistant", "homeassistant/device/+/config"),
            flow("console", lab.request(.scoring, op: "plan"), "svc-scoring", every.request(.scoring, op: "+")),
            // Executor: migrations, automation, outcomes, settings, answers, events, discovery; reads its commands.
            flow("svc-executor", lab.migration("m-1"), "console", "pbtest/+/migrations/+"),
            flow("svc-executor", lab.automationState, "homeassistant"),
            flow("svc-executor", lab.settings(.executor), "homeassistant"),
            flow("svc-executor", lab.response(.executor, op: "migrate"), "operator"),
            flow("svc-executor", lab.events(.migrations), "svc-notifier", "pbtest/+/events/#"),
            flow("svc-executor", lab.events(.automation), "svc-notifier", "pbtest/+/events/#"),
            flow("svc-executor", lab.events(.executor), "svc-notifier", "pbtest/+/events/#"),
            flow("svc-executor", lab.availability(.executor), "homeassistant", "pbtest/+/+/availability"),
            flow("svc-executor", Topics.availability(base: base, .executor), "svc-notifier", "pbtest/+/availability"),
            flow("svc-executor", Topics.events(base: base, .executor), "homeassistant", "pbtest/events/+"),
            flow("svc-executor", executorDiscovery, "homeassistant", "homeassistant/device/+/config"),
            flow("svc-executor", "pbtest/clients/console/responses/r1", "console", "pbtest/clients/console/responses/#"),
            flow("operator", lab.request(.executor, op: "migrate"), "svc-executor", lab.request(.executor, op: "+")),
            flow("homeassistant", lab.settingsSet(.executor), "svc-executor", lab.settingsSet(.executor)),
            flow("console", lab.request(.executor, op: "cancel"), "svc-executor", lab.request(.executor, op: "+")),
            // Notifier, bus-wide and for one cluster: settings, answers, events, availability; reads its commands.
            flow("svc-notifier", "pbtest/notifier/settings", "homeassistant"),
            flow("svc-notifier", "pbtest/notifier/status", "homeassistant"),
            flow("svc-notifier", "pbtest/lab/notifier/status", "console"),
            flow("svc-notifier", HADeviceConfig.topic(objectID: "proxbalance_notifier"), "homeassistant", "homeassistant/device/+/config"),
            flow("svc-notifier", "pbtest/notifier/response/test", "homeassistant", "pbtest/notifier/response/+"),
            flow("svc-notifier", "pbtest/notifier/availability", "console", "pbtest/+/availability"),
            flow("svc-notifier", lab.settings(.notifier), "console", "pbtest/+/+/settings"),
            flow("svc-notifier", lab.response(.notifier, op: "status"), "operator"),
            flow("svc-notifier", lab.events(.notifier), "homeassistant", "pbtest/+/events/+"),
            flow("svc-notifier", "pbtest/clients/homeassistant/responses/x", "homeassistant", "pbtest/clients/homeassistant/responses/#"),
            flow("homeassistant", "pbtest/notifier/request/test", "svc-notifier", "pbtest/notifier/request/+"),
            flow("homeassistant", "pbtest/notifier/settings/set", "svc-notifier"),
            flow("operator", "pbtest/notifier/request/status", "svc-notifier", "pbtest/notifier/request/+"),
            flow("console", lab.request(.notifier, op: "test"), "svc-notifier", "pbtest/+/notifier/request/+"),
            flow("operator", lab.settingsSet(.notifier), "svc-notifier", "pbtest/lab/notifier/settings/set"),
            flow(
                "homeassistant", "pbtest/notifier/destinations/ops/enabled/set", "svc-notifier",
                "pbtest/notifier/destinations/+/enabled/set"),
            flow(
                "console", "pbtest/lab/notifier/destinations/ops/enabled/set", "svc-notifier",
                "pbtest/+/notifier/destinations/+/enabled/set"),
            flow(
                "operator", "pbtest/lab/notifier/destinations/ops/enabled/set", "svc-notifier",
                "pbtest/+/notifier/destinations/+/enabled/set"),
            // Home Assistant's own status.
            flow("homeassistant", "homeassistant/status", "operator", "homeassistant/#"),
        ]
    }

    @Test("every account can do its job: publish what it publishes and receive what it reads", .timeLimit(.minutes(2)))
    func everyAccountDoesItsJob() async throws {
        try await Self.withAccounts(base: "pbtest") { _, clients in
            var subscriptions: [String: MQTTSubscription] = [:]
            for flow in Self.flows() {
                let key = "\(flow.subscriber) \(flow.filter)"
                if subscriptions[key] == nil {
                    subscriptions[key] = try await clients[flow.subscriber]!.subscribe(flow.filter, qos: .atLeastOnce)
                }
                let subscription = subscriptions[key]!
                do {
                    try await clients[flow.publisher]!.publish(MQTTMessage(topic: flow.topic, string: "flow"))
                    let topic = flow.topic
                    _ = try await subscription.next(within: .seconds(5)) { $0.topic == topic }
                } catch {
                    Issue.record("\(flow.testDescription): \(error)")
                }
            }
        }
    }

    @Test("only operator, homeassistant and console send commands; a service may not publish another's topics", .timeLimit(.minutes(2)))
    func refusedPublishes() async throws {
        let lab = Topics(base: "pbtest", cluster: "lab")
        let discovery = HADeviceConfig.topic(objectID: "proxbalance_lab_pve1")
        let refused: [(String, [String])] = [
            (
                "svc-collector",
                [
                    lab.request(.executor, op: "migrate"), lab.settingsSet(.executor), lab.maintenanceSet(node: "pve1"), lab.recommendations,
                    lab.events(.migrations), "pbtest/notifier/request/test",
                ]
            ),
            ("svc-scoring", [lab.request(.executor, op: "migrate"), lab.clusterState, lab.migration("m-1"), lab.settings(.executor)]),
            ("svc-executor", [lab.request(.executor, op: "migrate"), lab.recommendations, lab.maintenanceSet(node: "pve1"), lab.events(.collector)]),
            ("svc-notifier", [lab.request(.executor, op: "migrate"), lab.events(.collector), lab.settings(.executor)]),
            ("operator", [lab.clusterState, lab.events(.migrations), "pbtest/clients/console/responses/1"]),
            ("homeassistant", [lab.clusterState, lab.node("pve1"), lab.response(.executor, op: "migrate")]),
            ("console", [lab.clusterState, "homeassistant/status", discovery, "pbtest/clients/console/responses/1"]),
        ]
        try await Self.withAccounts(base: "pbtest") { _, clients in
            for (user, topics) in refused {
                for topic in topics {
                    do {
                        try await clients[user]!.publish(MQTTMessage(topic: topic, string: "refused"))
                        Issue.record("\(user) may publish \(topic)")
                    } catch let error as MQTTError {
                        #expect(error.code == 135, "\(user) → \(topic): \(error)")
                    }
                }
            }
        }
    }

    @Test("an account reads only its own response inbox and no commands meant for others", .timeLimit(.minutes(1)))
    func refusedReads() async throws {
        let lab = Topics(base: "pbtest", cluster: "lab")
        try await Self.withAccounts(base: "pbtest") { _, clients in
            // Each reader subscribes broadly; the forbidden message is published first, then an
            // allowed one: the next message it receives must be the allowed one.
            let inbox = "pbtest/clients"
            let cases: [(reader: String, filter: String, publisher: String, forbidden: String, allowed: String)] = [
                ("console", "\(inbox)/+/responses/#", "svc-executor", "\(inbox)/operator/responses/1", "\(inbox)/console/responses/1"),
                ("homeassistant", "pbtest/#", "svc-notifier", "\(inbox)/console/responses/2", "\(inbox)/homeassistant/responses/2"),
                ("svc-collector", "pbtest/#", "svc-collector", lab.node("pve1"), lab.clusterState),
                ("svc-scoring", "pbtest/#", "operator", lab.request(.executor, op: "migrate"), lab.request(.scoring, op: "plan")),
            ]
            for item in cases {
                let subscription = try await clients[item.reader]!.subscribe(item.filter, qos: .atLeastOnce)
                try await clients[item.publisher]!.publish(MQTTMessage(topic: item.forbidden, string: "forbidden"))
                try await clients[item.publisher]!.publish(MQTTMessage(topic: item.allowed, string: "allowed"))
                let received = try await subscription.next(within: .seconds(5))
                #expect(received.topic == item.allowed, "\(item.reader) read \(received.topic)")
                subscription.cancel()
            }
        }
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
