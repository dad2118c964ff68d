import Foundation
import Metrics
import Primitives

/// The process's resident memory and how long the service has run, read when scraped.
struct ProcessMetrics: Sendable {
    private let residentMemory: Gauge
    private let uptime: Gauge
    private let started: ContinuousClock.Instant

    init(factory: any MetricsFactory) {
        residentMemory = Gauge(label: "proxbalance_process_resident_memory_bytes", factory: factory)
        uptime = Gauge(label: "proxbalance_process_uptime_seconds", factory: factory)
        started = .now
    }

    /// Sets both gauges to their current values.
    func refresh() {
        if let bytes = Self.residentBytes() { residentMemory.record(bytes) }
        uptime.record((ContinuousClock.now - started).seconds)
    }

    /// The resident set size, from `/proc/self/statm` (pages); `nil` where there is none.
    static func residentBytes() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
