import Foundation
import MQTT
import TestSupport
import Testing

@Suite("MQTT client against a real broker", .enabled(if: MosquittoBroker.isAvailable), .timeLimit(.minutes(5)))
struct MQTTClientTests {
    @Test("QoS 1 round trip: live messages arrive unflagged, the retained copy arrives flagged retain", .timeLimit(.minutes(1)))
    func publishSubscribeRoundTrip() async throws {
        try await withBroker { broker in
            let publisher = try await MQTTTest.connectedClient(broker)
            let subscriber = try await MQTTTest.connectedClient(broker)
            let live = try await subscriber.subscribe("pb/test/+/state", qos: .atLeastOnce)

            var sent = MQTTMessage(topic: "pb/test/node1/state", string: #"{"cpu":0.5}"#, qos: .atLeastOnce, retain: true)
            sent.contentType = "application/json"
            sent.userProperties = [MQTTUserProperty(name: "schema", value: "v1")]
            try await publisher.publish(sent)

            let received = try await live.next()
            #expect(received.topic == "pb/test/node1/state")
            #expect(received.payloadString == #"{"cpu":0.5}"#)
            #expect(received.qos == .atLeastOnce)
            #expect(received.retain == false)
            #expect(received.contentType == "application/json")
            #expect(received.userProperties == [MQTTUserProperty(name: "schema", value: "v1")])

            let late = try await subscriber.subscribe("pb/test/node1/state")
            let retained = try await late.next()
            #expect(retained.retain)
            #expect(retained.payloadString == #"{"cpu":0.5}"#)

            await publisher.disconnect()
            await subscriber.disconnect()
        }
    }

    @Test("Overlapping filters each get every message exactly once", .timeLimit(.minutes(1)))
    func overlappingSubscriptions() async throws {
        try await withBroker { broker in
            let client = try await MQTTTest.connectedClient(broker)
            let everything = try await client.subscribe("ov/#")
            let exact = try await client.subscribe("ov/a")
            for (topic, payload) in [("ov/a", "1"), ("ov/b", "2"), ("ov/a", "3")] {
                try await client.publish(MQTTMessage(topic: topic, string: payload))
            }
            #expect(try await everything.nextPayloads(3) == ["1", "2", "3"])
            #expect(try await exact.nextPayloads(2) == ["1", "3"])
            await client.disconnect()
        }
    }

    @Test("ignoreRetained skips the stale retained command but not live ones", .timeLimit(.minutes(1)))
    func ignoringRetained() async throws {
        try await withBroker { broker in
            let client = try await MQTTTest.connectedClient(broker)
            try await client.publish(MQTTMessage(topic: "cmd/node1/set", string: "stale", retain: true))
            let commands = try await client.subscribe("cmd/+/set", ignoreRetained: true)
            let state = try await client.subscribe("cmd/+/set")
            try await client.publish(MQTTMessage(topic: "cmd/node1/set", string: "fresh"))
            #expect(try await commands.next().payloadString == "fresh")
            #expect(try await state.nextPayloads(2) == ["stale", "fresh"])
            await client.disconnect()
        }
    }

    @Test("A cancelled subscription ends and stops receiving", .timeLimit(.minutes(1)))
    func cancelledSubscriptionEnds() async throws {
        try await withBroker { broker in
            let client = try await MQTTTest.connectedClient(broker)
            let first = try await client.subscribe("cx/#")
            first.cancel()
            var iterator = first.makeAsyncIterator()
            #expect(await iterator.next() == nil)
            let second = try await client.subscribe("cx/#")
            try await client.publish(MQTTMessage(topic: "cx/1", string: "after"))
            #expect(try await second.next().payloadString == "after")
            await client.disconnect()
        }
    }

    @Test("Request/response pairs answers by correlation data, even with many requests in flight", .timeLimit(.minutes(1)))
    func requestResponse() async throws {
        try await withBroker { broker in
            let responder = try await MQTTTest.connectedClient(broker)
            let requester = try await MQTTTest.connectedClient(broker)
            let requests = try await responder.subscribe("pb/test/request/echo", ignoreRetained: true)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await request in requests {
                        try await responder.respond(to: request, payload: Array("echo:".utf8) + request.payload)
                    }
                }
                let answers = try await withThrowingTaskGroup(of: (Int, String?).self) { requestsGroup in
                    for index in 0..<20 {
                        requestsGroup.addTask {
                            let answer = try await requester.request(
                                topic: "pb/test/request/echo", payload: Array("\(index)".utf8),
                                responseTopic: "pb/test/inbox/requester", timeout: .seconds(10))
                            #expect(answer.correlationData?.isEmpty == false)
                            return (index, answer.payloadString)
                        }
                    }
                    return try await requestsGroup.reduce(into: [:]) { $0[$1.0] = $1.1 }
                }
                for index in 0..<20 {
                    #expect(answers[index] == "echo:\(index)")
                }
                requests.cancel()
                try await group.waitForAll()
            }
            await responder.disconnect()
            await requester.disconnect()
        }
    }

    @Test("A request nobody listens to fails at once; an unanswered one times out", .timeLimit(.minutes(1)))
    func requestFailures() async throws {
        try await withBroker { broker in
            let client = try await MQTTTest.connectedClient(broker)
            await #expect {
                try await client.request(topic: "nobody/home", payload: [], responseTopic: "inbox/a", timeout: .seconds(20))
            } throws: { ($0 as? MQTTError)?.kind == .noResponder }

            let silent = try await client.subscribe("silent/request")
            await #expect {
                try await client.request(topic: "silent/request", payload: [], responseTopic: "inbox/a", timeout: .milliseconds(300))
            } throws: { ($0 as? MQTTError)?.kind == .timeout }
            withExtendedLifetime(silent) {}
            await client.disconnect()
        }
    }

    @Test("Publishing before connect and after disconnect fails clearly", .timeLimit(.minutes(1)))
    func usageErrors() async throws {
        try await withBroker { broker in
            let client = MQTTClient(configuration: try MQTTTest.configuration(broker), logger: MQTTTest.logger)
            await #expect { try await client.publish(MQTTMessage(topic: "a", string: "x")) } throws: {
                ($0 as? MQTTError)?.kind == .notConnected
            }
            try await client.connect()
            await #expect { try await client.subscribe("bad/#/filter") } throws: { ($0 as? MQTTError)?.kind == .invalidArgument }
            await #expect { try await client.publish(MQTTMessage(topic: "bad/+", string: "x")) } throws: {
                ($0 as? MQTTError)?.kind == .invalidArgument
            }
            await client.disconnect()
            #expect(client.connectionState == .closed)
            await #expect { try await client.publish(MQTTMessage(topic: "a", string: "x")) } throws: {
                ($0 as? MQTTError)?.kind == .closed
            }
        }
    }

    @Test("Connecting to a port where nothing listens fails with the cause", .timeLimit(.minutes(1)))
    func unreachableBroker() async throws {
        var config = MQTTConfiguration(host: "127.0.0.1", port: try freeLoopbackPort(), clientID: "t-unreachable")
        config.reconnectDelay = .milliseconds(100)
        let client = MQTTClient(configuration: config, logger: MQTTTest.logger)
        await #expect { try await client.connect() } throws: { error in
            guard let error = error as? MQTTError else { return false }
            return error.kind == .library && error.message.contains("refused")
        }
        #expect(client.connectionState == .idle)
    }
}
