import Foundation

/// Resident memory of a service process, for tests that check it comes back after a burst.
public enum ProcessMemory {
    /// The RSS (KiB) once two readings 200 ms apart differ by less than 1 MiB (or after 5 s).
    public static func settled(_ process: RunningProcess) async throws -> Int {
        var previous = try process.residentKiB()
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            let now = try process.residentKiB()
            if abs(now - previous) < 1024 { return now }
            previous = now
        }
        return previous
    }

    /// Polls the RSS (KiB) every 200 ms until it is at most `limit` or `timeout` passed; returns the last reading.
    public static func waitBelow(_ limit: Int, _ process: RunningProcess, within timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        var reading = try process.residentKiB()
        while reading > limit, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            reading = try process.residentKiB()
        }
        return reading
    }
}
