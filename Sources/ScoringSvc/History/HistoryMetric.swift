import Contract

/// One measured quantity of a node or guest in the metrics history. Stored as an integer:
/// the value times `scale` (so percentages keep two decimals and take a few bytes).
public struct HistoryMetric: Sendable, Equatable {
    /// The name in replies and CSV headers, e.g. `cpu_pct`.
    public let name: String
    /// The column stem in SQLite.
    let column: String
    /// Stored value = reported value × `scale`, rounded.
    let scale: Double

    /// The stored integer for `value`; `nil` for a missing or non-finite value.
    func stored(_ value: Double?) -> Int64? {
        guard let value, value.isFinite else { return nil }
        let scaled = (value * scale).rounded()
        return abs(scaled) < 9.0e18 ? Int64(scaled) : nil
    }

    /// The reported value of a stored integer (or stored average).
    func value(_ stored: Double) -> Double { stored / scale }

    /// What the history keeps per node and snapshot.
    public static let node = [
        HistoryMetric(name: "cpu_pct", column: "cpu", scale: 100),
        HistoryMetric(name: "memory_pct", column: "memory", scale: 100),
        HistoryMetric(name: "iowait_pct", column: "iowait", scale: 100),
        HistoryMetric(name: "load1", column: "load1", scale: 100),
        HistoryMetric(name: "guests_running", column: "guests", scale: 1),
    ]

    /// What the history keeps per guest and snapshot (besides its node and status).
    public static let guest = [
        HistoryMetric(name: "cpu_pct", column: "cpu", scale: 100),
        HistoryMetric(name: "memory_used_bytes", column: "memory", scale: 1),
        HistoryMetric(name: "disk_read_bps", column: "disk_read", scale: 1),
        HistoryMetric(name: "disk_write_bps", column: "disk_write", scale: 1),
        HistoryMetric(name: "net_in_bps", column: "net_in", scale: 1),
        HistoryMetric(name: "net_out_bps", column: "net_out", scale: 1),
    ]

    /// `node`'s values in the order of `HistoryMetric.node`.
    static func values(of node: NodeState) -> [Double?] {
        [node.cpuPct, node.memoryPct, node.iowaitPct, node.loadAverage?.first, Double(node.guestsRunning)]
    }

    /// `guest`'s values in the order of `HistoryMetric.guest`.
    static func values(of guest: GuestState) -> [Double?] {
        [guest.cpuPct, Double(guest.memoryUsedBytes), guest.diskReadBps, guest.diskWriteBps, guest.netInBps, guest.netOutBps]
    }
}
