import Foundation

/// Resident memory of a service process, for tests that check it comes back after a burst.
public enum ProcessMemory {
    /// Malformed messages in flood tests (`PROXBALANCE_TEST_FLOOD`, default 40,000).
    public static let floodSize = Int(ProcessInfo.processInfo.environment["PROXBALANCE_TEST_FLOOD"] ?? "") ?? 40_000

    /// The resident memory (VmRSS) of process `pid` in KiB, read from `/proc/<pid>/status`.
    public static func residentKiB(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { throw TestFailure("no VmRSS in /proc/\(pid)/status") }
        return kib
    }

    /// The highest RSS (KiB) of `pid` sampled every 50 ms until the task is cancelled.
    public static func peak(_ pid: Int32) async -> Int {
        var peak = 0
        while !Task.isCancelled {
            peak = max(peak, (try? residentKiB(pid)) ?? 0)
            try? await Task.sleep(for: .milliseconds(50))
        }
        return peak
    }

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
