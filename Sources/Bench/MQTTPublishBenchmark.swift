import Logging
import MQTT
import ServiceRuntime
import TestSupport

/// QoS 1 publish throughput of `MQTTClient` to a real mosquitto on loopback.
enum MQTTPublishBenchmark {
    static func run(messages: Int, payloadBytes: Int, inFlight: Int, logger: Logger) async throws -> BenchReport.MQTTPublish {
        try await withBroker(options: .init(maxQueuedMessages: messages)) { broker in
            let client = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "bench-publisher"), logger: logger)
            try await client.connect()
            let payload = [UInt8](repeating: 0x61, count: payloadBytes)
            let batch = (0..<messages).map { MQTTMessage(topic: "bench/\($0 % 100)", payload: payload, qos: .atLeastOnce) }
            _ = await client.publishAll(Array(batch.prefix(1000)), inFlight: inFlight)  // warm-up
            let (failures, seconds) = await measure { await client.publishAll(batch, inFlight: inFlight) }
            await client.disconnect()
            return .init(
                messages: messages, payloadBytes: payloadBytes, qos: 1, inFlight: inFlight, seconds: seconds,
                messagesPerSecond: Double(messages) / seconds, failures: failures.count)
        }
    }
}
