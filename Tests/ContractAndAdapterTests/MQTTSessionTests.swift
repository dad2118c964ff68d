import Foundation
import MQTT
import TestSupport
import Testing

@Suite("MQTT sessions, reconnection and last will", .enabled(if: MosquittoBroker.isAvailable), .timeLimit(.minutes(5)))
struct MQTTSessionTests {
    @Test("A persistent session receives the QoS 1 message sent while it was offline", .timeLimit(.minutes(1)))
    func persistentSession() async throws {
        try await withBroker { broker in
            var config = try MQTTTest.configuration(broker, clientID: "persist-\(UUID().uuidString.prefix(8))")
            config.cleanStart = false
            config.sessionExpiry = 300

            let first = MQTTClient(configuration: config, logger: MQTTTest.logger)
            let initial = try await first.subscribe("ps/commands/#")
            try await first.connect()
            await first.disconnect()
            withExtendedLifetime(initial) {}

            let publisher = try await MQTTTest.connectedClient(broker)
            try await publisher.publish(MQTTMessage(topic: "ps/commands/1", string: "sent while away", qos: .atLeastOnce))

            let second = MQTTClient(configuration: config, logger: MQTTTest.logger)
            let commands = try await second.subscribe("ps/commands/#")
            try await second.connect()
            let queued = try await commands.next()
            #expect(queued.payloadString == "sent while away")
            #expect(queued.retain == false)

            await second.disconnect()
            await publisher.disconnect()
        }
    }

    @Test("After a broker restart the client reconnects, resubscribes and republishes its birth", .timeLimit(.minutes(1)))
    func reconnectAfterBrokerRestart() async throws {
        try await withBroker { broker in
            let service = try await MQTTTest.connectedClient(broker) { $0.setAvailability(topic: "rs/service/availability") }
            let commands = try await service.subscribe("rs/service/set")
            let observer = try await MQTTTest.connectedClient(broker)
            let availability = try await observer.subscribe("rs/service/availability")
            #expect(try await availability.next().payloadString == "online")

            try broker.restart()  // no persistence: retained messages and subscriptions are gone

            try await MQTTTest.waitForState(service) { $0 == .connected }
            try await MQTTTest.waitForState(observer) { $0 == .connected }
            // The broker publishes the service's will while shutting down; after that only the
            // service's republished birth can put "online" on the fresh, empty broker.
            var republished = try await availability.next().payloadString
            if republished == "offline" {
                republished = try await availability.next().payloadString
            }
            #expect(republished == "online")

            // The observer's command reaches the service through its restored subscription. Publish
            // until it arrives, since the resubscription may still be on its way to the broker.
            let delivered = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask { try await commands.next(within: .seconds(20)).payloadString }
                group.addTask {
                    while !Task.isCancelled {
                        try await observer.publish(MQTTMessage(topic: "rs/service/set", string: "after restart"))
                        try await Task.sleep(for: .milliseconds(200))
                    }
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
            #expect(delivered == "after restart")

            await service.disconnect()
            await observer.disconnect()
        }
    }

    @Test("A connection cut without DISCONNECT publishes the will; the reconnect republishes the birth", .timeLimit(.minutes(1)))
    func willOnConnectionLoss() async throws {
        try await withBroker { broker in
            let relay = try MQTTTestRelay(targetPort: broker.port)
            defer { relay.close() }
            let observer = try await MQTTTest.connectedClient(broker)
            let availability = try await observer.subscribe("lw/service/availability")

            var config = try MQTTTest.configuration(broker, port: relay.port)
            config.setAvailability(topic: "lw/service/availability")
            let service = MQTTClient(configuration: config, logger: MQTTTest.logger)
            try await service.connect()
            #expect(try await availability.next().payloadString == "online")

            relay.cutConnections()
            #expect(try await availability.next().payloadString == "offline")
            #expect(try await availability.next().payloadString == "online")

            await service.disconnect()
            #expect(try await availability.next().payloadString == "offline")
            await observer.disconnect()
        }
    }

    @Test("Releasing a client without disconnect() makes the broker publish its will", .timeLimit(.minutes(1)))
    func willOnRelease() async throws {
        try await withBroker { broker in
            let observer = try await MQTTTest.connectedClient(broker)
            let availability = try await observer.subscribe("rl/service/availability")
            var service: MQTTClient? = try await MQTTTest.connectedClient(broker) {
                $0.setAvailability(topic: "rl/service/availability")
            }
            #expect(try await availability.next().payloadString == "online")
            #expect(service?.connectionState == .connected)
            service = nil
            #expect(try await availability.next().payloadString == "offline")
            await observer.disconnect()
        }
    }

    @Test("With broker persistence, retained state survives a restart", .timeLimit(.minutes(1)))
    func retainedStateSurvivesPersistentRestart() async throws {
        try await withBroker(options: .init(persistence: true)) { broker in
            let client = try await MQTTTest.connectedClient(broker)
            try await client.publish(MQTTMessage(topic: "pr/inventory", string: "3 nodes", retain: true))
            await client.disconnect()
            try broker.restart()

            let reader = try await MQTTTest.connectedClient(broker)
            let inventory = try await reader.subscribe("pr/inventory")
            let restored = try await inventory.next()
            #expect(restored.payloadString == "3 nodes")
            #expect(restored.retain)
            await reader.disconnect()
        }
    }

    @Test("Connection states go connecting, connected, reconnecting, connected, closed", .timeLimit(.minutes(1)))
    func connectionStates() async throws {
        try await withBroker { broker in
            let client = MQTTClient(configuration: try MQTTTest.configuration(broker), logger: MQTTTest.logger)
            let states = client.connectionStates()
            try await client.connect()
            broker.stop()
            try await MQTTTest.waitForState(client) { if case .reconnecting = $0 { true } else { false } }
            try broker.start()
            try await MQTTTest.waitForState(client) { $0 == .connected }
            await client.disconnect()

            var seen: [String] = []
            for await state in states {
                switch state {
                case .reconnecting: if seen.last != "reconnecting" { seen.append("reconnecting") }
                default: seen.append("\(state)")
                }
            }
            #expect(seen == ["idle", "connecting", "connected", "reconnecting", "connected", "closed"])
        }
    }
}
