import Foundation
import MQTT

/// Records every message on some topic filters (retained ones included), by topic, so a test
/// can wait for a state and then look at everything that was published.
public actor BusRecorder {
    private var seen: [String: [Data]] = [:]
    private var tasks: [Task<Void, Never>] = []

    public init() {}

    /// Starts recording `subscription` until `stop()`.
    public func record(_ subscription: MQTTSubscription) {
        tasks.append(
            Task { [weak self] in
                for await message in subscription { await self?.add(message) }
            })
    }

    private func add(_ message: MQTTMessage) {
        seen[message.topic, default: []].append(message.payloadData)
    }

    /// Every payload so far, by topic.
    public var payloads: [String: [Data]] { seen }

    /// The last payload on `topic`, if any.
    public func last(_ topic: String) -> Data? { seen[topic]?.last }

    /// Waits until `condition` holds for what was recorded (checked every 50 ms), failing after `timeout`.
    public func wait(
        for what: String, within timeout: Duration = .seconds(30), _ condition: @Sendable ([String: [Data]]) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(seen) {
            guard ContinuousClock.now < deadline else { throw TestFailure("timed out after \(timeout) waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    public func stop() {
        for task in tasks { task.cancel() }
        tasks = []
    }
}
