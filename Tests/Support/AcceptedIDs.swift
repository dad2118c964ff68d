import Synchronization

/// Ids of requests the broker accepted (PUBACK), in order, shared between a sending task and the test.
public final class AcceptedIDs: Sendable {
    private let ids = Mutex<[String]>([])

    public init() {}

    public func add(_ id: String) { ids.withLock { $0.append(id) } }

    public var count: Int { ids.withLock { $0.count } }

    public var all: [String] { ids.withLock { $0 } }

    /// Waits until at least `count` ids were accepted, polling every 20 ms, failing after `timeout`.
    public func wait(atLeast count: Int, within timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while self.count < count {
            guard ContinuousClock.now < deadline else { throw TestFailure("only \(self.count) of \(count) requests accepted within \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
