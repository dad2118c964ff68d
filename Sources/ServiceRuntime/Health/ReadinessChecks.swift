import Synchronization

/// The checks that make up a service's readiness: `ServiceRunner` adds the broker's, a program
/// adds its own while it creates its services (`ServiceContext.readiness`).
public final class ReadinessChecks: Sendable {
    private let checks: Mutex<[ReadinessCheck]>

    public init(_ checks: [ReadinessCheck] = []) {
        self.checks = Mutex(checks)
    }

    /// Adds `check`; it counts from the next evaluation on.
    public func add(_ check: ReadinessCheck) {
        checks.withLock { $0.append(check) }
    }

    /// The names of the checks, in the order they were added.
    public var names: [String] { checks.withLock { $0.map(\.name) } }

    /// Runs every check at once, each within `timeout`, and reports the results in the order
    /// the checks were added.
    public func evaluate(timeout: Duration = .seconds(5)) async -> ReadinessReport {
        let current = checks.withLock { $0 }
        let results = await withTaskGroup(of: (Int, ReadinessResult).self) { group in
            for (index, check) in current.enumerated() {
                group.addTask { (index, await check.run(timeout: timeout)) }
            }
            var results: [(Int, ReadinessResult)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return ReadinessReport(results)
    }
}
