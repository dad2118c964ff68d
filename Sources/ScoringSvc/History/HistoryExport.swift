import Contract
import Foundation

/// A history series as CSV (`CSVTable`): one line per point, `at`, `samples` and `backfilled`
/// (how many of them came from Proxmox's RRD) then the min, max, avg and p95 of each metric;
/// empty where a point lacks the metric. Pure.
public enum HistoryExport {
    /// The header line's columns for `metrics`.
    public static func columns(_ metrics: [String]) -> [String] {
        ["at", "samples", "backfilled"] + metrics.flatMap { name in ["min", "max", "avg", "p95"].map { "\(name)_\($0)" } }
    }

    /// The header and one line per point.
    public static func csv(_ series: HistorySeries) -> String {
        CSVTable.render(
            header: columns(series.metrics),
            rows: series.points.map { point in
                [point.at.formatted(.iso8601), String(point.samples), String(point.backfilled ?? 0)]
                    + series.metrics.flatMap { name -> [String] in
                        guard let stats = point.values[name] else { return ["", "", "", ""] }
                        return [stats.min, stats.max, stats.avg, stats.p95].map(decimal)
                    }
            })
    }

    private static func decimal(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
