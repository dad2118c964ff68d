import MQTT

/// A test expectation that was not met, described in one line.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs `operation` or fails with a clear message after `timeout`.
public func withTestTimeout<T: Sendable>(
    _ timeout: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TestFailure("timed out after \(timeout) waiting for \(what)")
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TestFailure("nothing to wait for") }
        return first
    }
}

extension MQTTSubscription {
    /// The next message matching `predicate`, failing after `timeout` (which also ends the
    /// subscription).
    public func next(
        within timeout: Duration = .seconds(10), where predicate: @escaping @Sendable (MQTTMessage) -> Bool = { _ in true }
    ) async throws -> MQTTMessage {
        try await withTestTimeout(timeout, "a message on '\(filter)'") {
            for await message in self where predicate(message) { return message }
            throw TestFailure("subscription '\(self.filter)' ended")
        }
    }

    /// The payloads of the next `count` messages, as strings.
    public func nextPayloads(_ count: Int, within timeout: Duration = .seconds(10)) async throws -> [String] {
        var payloads: [String] = []
        for _ in 0..<count {
            payloads.append(try await next(within: timeout).payloadString ?? "<binary>")
        }
        return payloads
    }
}
