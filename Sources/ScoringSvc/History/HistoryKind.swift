/// The two families of series in the metrics history, each with a raw and a rollup table
/// keyed by (series, ts): nodes (series = the node's id in `history_nodes`) and guests
/// (series = the vmid).
public enum HistoryKind: Int64, Sendable, CaseIterable {
    case node = 0
    case guest = 1

    /// What is kept per sample.
    public var metrics: [HistoryMetric] { self == .node ? HistoryMetric.node : HistoryMetric.guest }

    var rawTable: String { self == .node ? "node_raw" : "guest_raw" }
    var rollupTable: String { self == .node ? "node_rollup" : "guest_rollup" }

    /// The metric columns of the raw table, comma-separated.
    var rawColumns: String { metrics.map(\.column).joined(separator: ", ") }

    /// The metric columns of the rollup table, comma-separated (min, max, avg, p95 of each).
    var rollupColumns: String {
        metrics.flatMap { metric in MetricsHistorySchema.statSuffixes.map { "\(metric.column)_\($0)" } }.joined(separator: ", ")
    }
}

/// The tables of the metrics history (migration 5 of the scoring database). Guest samples are
/// first appended to `guest_recent`, keyed by time, so a snapshot's thousands of rows land on a
/// few pages; they move to `guest_raw` (keyed by series) every few minutes, many per page.
enum MetricsHistorySchema {
    static let statSuffixes = ["min", "max", "avg", "p95"]

    static let sql = """
        CREATE TABLE history_nodes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE node_raw (
            series INTEGER NOT NULL, ts INTEGER NOT NULL,
            cpu INTEGER, memory INTEGER, iowait INTEGER, load1 INTEGER, guests INTEGER,
            PRIMARY KEY (series, ts)) WITHOUT ROWID;
        CREATE TABLE guest_raw (
            series INTEGER NOT NULL, ts INTEGER NOT NULL, node INTEGER NOT NULL, status INTEGER NOT NULL,
            cpu INTEGER, memory INTEGER, disk_read INTEGER, disk_write INTEGER, net_in INTEGER, net_out INTEGER,
            PRIMARY KEY (series, ts)) WITHOUT ROWID;
        CREATE TABLE guest_recent (
            ts INTEGER NOT NULL, series INTEGER NOT NULL, node INTEGER NOT NULL, status INTEGER NOT NULL,
            cpu INTEGER, memory INTEGER, disk_read INTEGER, disk_write INTEGER, net_in INTEGER, net_out INTEGER,
            PRIMARY KEY (ts, series)) WITHOUT ROWID;
        CREATE TABLE node_rollup (
            tier INTEGER NOT NULL, series INTEGER NOT NULL, ts INTEGER NOT NULL,
            samples INTEGER NOT NULL, backfilled INTEGER NOT NULL,
            cpu_min INTEGER, cpu_max INTEGER, cpu_avg INTEGER, cpu_p95 INTEGER,
            memory_min INTEGER, memory_max INTEGER, memory_avg INTEGER, memory_p95 INTEGER,
            iowait_min INTEGER, iowait_max INTEGER, iowait_avg INTEGER, iowait_p95 INTEGER,
            load1_min INTEGER, load1_max INTEGER, load1_avg INTEGER, load1_p95 INTEGER,
            guests_min INTEGER, guests_max INTEGER, guests_avg INTEGER, guests_p95 INTEGER,
            PRIMARY KEY (tier, series, ts)) WITHOUT ROWID;
        CREATE TABLE guest_rollup (
            tier INTEGER NOT NULL, series INTEGER NOT NULL, ts INTEGER NOT NULL,
            samples INTEGER NOT NULL, backfilled INTEGER NOT NULL,
            cpu_min INTEGER, cpu_max INTEGER, cpu_avg INTEGER, cpu_p95 INTEGER,
            memory_min INTEGER, memory_max INTEGER, memory_avg INTEGER, memory_p95 INTEGER,
            disk_read_min INTEGER, disk_read_max INTEGER, disk_read_avg INTEGER, disk_read_p95 INTEGER,
            disk_write_min INTEGER, disk_write_max INTEGER, disk_write_avg INTEGER, disk_write_p95 INTEGER,
            net_in_min INTEGER, net_in_max INTEGER, net_in_avg INTEGER, net_in_p95 INTEGER,
            net_out_min INTEGER, net_out_max INTEGER, net_out_avg INTEGER, net_out_p95 INTEGER,
            PRIMARY KEY (tier, series, ts)) WITHOUT ROWID;
        CREATE TABLE history_progress (kind INTEGER PRIMARY KEY, cutoff INTEGER NOT NULL, after INTEGER NOT NULL);
        CREATE TABLE guest_placement (guest INTEGER PRIMARY KEY, node INTEGER NOT NULL, since INTEGER NOT NULL);
        CREATE TABLE placement_changes (
            guest INTEGER NOT NULL, ts INTEGER NOT NULL, from_node INTEGER NOT NULL, to_node INTEGER NOT NULL,
            by TEXT NOT NULL, PRIMARY KEY (guest, ts)) WITHOUT ROWID;
        """
}
