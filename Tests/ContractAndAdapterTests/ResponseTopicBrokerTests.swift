import Contract
import Foundation
import Logging
import MQTT
import ServiceRuntime
import TestSupport
import Testing

/// Answers to misplaced response topics with a real mosquitto and the generated ACL: the
/// requester gets its answer on the fallback topic instead of timing out, and the service says
/// why once.
@Suite("Response topics on a broker with the ACL", .enabled(if: MosquittoBroker.isAvailable), .serialized)
struct ResponseTopicBrokerTests {
    /// A broker with `svc-scoring`, `svc-executor` and `operator` (password `pw`) and `acl`.
    static func withBroker<T>(acl: String, _ body: (MosquittoBroker) async throws -> T) async throws -> T {
        let users = ["svc-scoring": "pw", "svc-executor": "pw", "operator": "pw"]
        return try await TestSupport.withBroker(options: MosquittoBroker.Options(users: users, allowAnonymous: false, aclRules: acl), body)
    }

    static func client(_ broker: MosquittoBroker, user: String) async throws -> MQTTClient {
        var config = try MQTTTest.configuration(broker)
        config.username = user
        config.password = "pw"
        let client = MQTTClient(configuration: config, logger: MQTTTest.logger)
        try await client.connect()
        return client
    }

    @Test(
        "pb-scoring answers a request whose response topic the ACL refuses on its fallback topic, and logs the reason once",
        .timeLimit(.minutes(1)))
    func misplacedResponseTopic() async throws {
        let generated = try DeployedACLTests.generate(base: "pbtest")
        try #require(generated.status == 0)
        let directory = try TemporaryDirectory(prefix: "response-topic")
        let lab = Topics(base: "pbtest", cluster: "lab")
        let fallback = lab.response(.scoring, op: "recommendations")
        let lines = try await Self.withBroker(acl: generated.acl) { broker in
            let operator_ = try await Self.client(broker, user: "operator")
            let availability = try await AvailabilityWatch(operator_, topic: lab.availability(.scoring))
            let service = try BuiltExecutable.start(
                "pb-scoring", [],
                environment: [
                    "PROXBALANCE_MQTT_URL": "mqtt://svc-scoring:pw@127.0.0.1:\(broker.port)", "PROXBALANCE_BASE_TOPIC": "pbtest",
                    "PROXBALANCE_CLUSTER": "lab", "PROXBALANCE_DATA_DIR": directory.path, "PROXBALANCE_LOG_FORMAT": "json",
                    "PROXBALANCE_LOG_LEVEL": "info",
                ],
                capturingStandardError: true)
            defer { service.terminate() }
            try await availability.online()
            let answers = try await operator_.subscribe(fallback, qos: .atLeastOnce)
            let inbox = "pbtest/clients/operator/responses/ok"
            let inboxAnswers = try await operator_.subscribe(inbox, qos: .atLeastOnce)
            for key in ["r1", "r2"] {
                try await operator_.publish(
                    MQTTMessage(
                        topic: lab.request(.scoring, op: "recommendations"), payload: Array(#"{"id":"\#(key)"}"#.utf8),
                        responseTopic: "pbtest/elsewhere/replies/\(key)", correlationData: Array(key.utf8)))
                let answer = try await answers.next(within: .seconds(10)) { $0.correlationData == Array(key.utf8) }
                #expect(answer.payloadString?.contains(#""id":"\#(key)""#) == true, "\(answer.payloadString ?? "")")
            }
            // A response topic in the requester's inbox is used as it is.
            try await operator_.publish(
                MQTTMessage(
                    topic: lab.request(.scoring, op: "recommendations"), payload: Array(#"{"id":"r3"}"#.utf8), responseTopic: inbox,
                    correlationData: Array("r3".utf8)))
            _ = try await inboxAnswers.next(within: .seconds(10)) { $0.correlationData == Array("r3".utf8) }
            service.signal(SIGTERM)
            #expect(await service.exitStatus() == 0)
            await operator_.disconnect()
            var lines: [String] = []
            for await line in service.standardErrorLines { lines.append(line) }
            return lines
        }
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let warnings = objects.filter { ($0["message"] as? String)?.hasPrefix("answer not sent to the requested response topic") == true }
        #expect(warnings.count == 1, "\(lines)")
        let warning = try #require(warnings.first)
        #expect(warning["level"] as? String == "warning")
        #expect(warning["response_topic"] as? String == "pbtest/elsewhere/replies/r1")
        #expect(warning["fallback_topic"] as? String == fallback)
        #expect((warning["reason"] as? String)?.contains("lies outside the places the broker lets scoring answer") == true, "\(warning)")
        #expect(!lines.contains { $0.contains("the broker refused") }, "\(lines)")
    }

    @Test(
        "an answer the broker refuses (an ACL without inboxes) is logged once with reason code 135 and answered on the fallback topic",
        .timeLimit(.minutes(1)))
    func brokerRefusesInbox() async throws {
        let generated = try DeployedACLTests.generate(base: "pbtest")
        try #require(generated.status == 0)
        let withoutInboxes = generated.acl.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0 != "topic write pbtest/clients/+/responses/#" }.joined(separator: "\n")
        let lab = Topics(base: "pbtest", cluster: "lab")
        let fallback = lab.response(.executor, op: "history")
        try await Self.withBroker(acl: withoutInboxes) { broker in
            let operator_ = try await Self.client(broker, user: "operator")
            let executor = try await Self.client(broker, user: "svc-executor")
            let answers = try await operator_.subscribe(fallback, qos: .atLeastOnce)
            let logs = PVELogLines()
            let answerer = RequestAnswerer(
                publisher: executor, policy: ResponseTopicPolicy(base: "pbtest", service: .executor),
                logger: Logger(label: "executor") { _ in PVERecordingLogHandler(lines: logs) })
            for key in ["h1", "h2"] {
                let request = MQTTMessage(
                    topic: lab.request(.executor, op: "history"), responseTopic: "pbtest/clients/operator/responses/\(key)",
                    correlationData: Array(key.utf8))
                await answerer.answer(request, with: Array(#"{"id":"\#(key)"}"#.utf8), fallbackTopic: fallback)
                _ = try await answers.next(within: .seconds(10)) { $0.correlationData == Array(key.utf8) }
            }
            let refusals = logs.all.filter { $0.contains("the broker refused the answer") }
            #expect(refusals.count == 1, "\(logs.all)")
            #expect(refusals.first.map { $0.contains("reason_code") && $0.contains("135") } == true, "\(refusals)")
            await executor.disconnect()
            await operator_.disconnect()
        }
    }
}
