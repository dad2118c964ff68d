/// A stretch of one series: its start, how many samples stand behind it (and how many of those
/// were backfilled), and each metric's stats (`nil` where no sample had the metric). A raw
/// sample is a part of one sample. Pure.
struct RollupPart: Sendable, Equatable {
    var ts: Int64
    var samples: Int
    var backfilled: Int
    var stats: [MetricStats?]

    /// One part per `step`-aligned bucket of `parts` (sorted by start). Raw samples of a bucket
    /// are summarised exactly; rollups are combined (`MetricStats.combine`).
    static func buckets(_ parts: [RollupPart], step: Int64, metrics: Int) -> [RollupPart] {
        let grouped = Dictionary(grouping: parts) { HistoryTiers.floorDiv($0.ts, step) * step }
        return grouped.keys.sorted().map { start in merge(grouped[start] ?? [], at: start, metrics: metrics) }
    }

    /// `parts` as one part starting at `start`.
    static func merge(_ parts: [RollupPart], at start: Int64, metrics: Int) -> RollupPart {
        let singles = parts.filter { $0.samples == 1 && $0.backfilled == 0 }
        let rollups = parts.filter { !($0.samples == 1 && $0.backfilled == 0) }
        let stats = (0..<metrics).map { index -> MetricStats? in
            var pieces = rollups.compactMap { part in part.stats[index].map { (stats: $0, samples: part.samples) } }
            let values = singles.compactMap { $0.stats[index]?.avg }
            if let exact = MetricStats.of(values) { pieces.append((exact, values.count)) }
            return MetricStats.combine(pieces)
        }
        return RollupPart(
            ts: start, samples: parts.reduce(0) { $0 + $1.samples }, backfilled: parts.reduce(0) { $0 + $1.backfilled },
            stats: stats)
    }
}
