import Foundation
import MQTT
import Primitives
import TestSupport
import Testing

/// A rough local measurement, not a pass/fail speed check: run with
/// `PB_MQTT_THROUGHPUT=1 swift test --filter MQTTThroughput` and read the printed rate.
/// `PB_MQTT_THROUGHPUT_INFLIGHT` sets the broker's `max_inflight_messages` (default 1000;
/// mosquitto's own default is 20).
@Suite("MQTT throughput measurement", .timeLimit(.minutes(5)))
struct MQTTThroughputTests {
    static let enabled = ProcessInfo.processInfo.environment["PB_MQTT_THROUGHPUT"] != nil && MosquittoBroker.isAvailable

    @Test("Concurrent 1 KiB QoS 1 publishes", .enabled(if: enabled), .timeLimit(.minutes(2)))
    func measure() async throws {
        let count = 40_000
        let concurrency = 500
        let inflight = ProcessInfo.processInfo.environment["PB_MQTT_THROUGHPUT_INFLIGHT"].flatMap { Int($0) } ?? 1000
        try await withBroker(options: .init(maxInflightMessages: inflight)) { broker in
            let client = try await MQTTTest.connectedClient(broker)
            let payload = [UInt8](repeating: 0x61, count: 1024)
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        for index in stride(from: worker, to: count, by: concurrency) {
                            try await client.publish(MQTTMessage(topic: "bench/\(index % 16)", payload: payload, qos: .atLeastOnce))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - start
            let seconds = elapsed.seconds
            print("MQTT throughput (broker inflight \(inflight)): \(count) x 1 KiB QoS 1 in \(elapsed): \(Int(Double(count) / seconds)) msg/s")
            await client.disconnect()
        }
    }
}
