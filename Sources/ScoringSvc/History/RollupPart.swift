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
        let starts = parts.map { HistoryTiers.floorDiv($0.ts, step) * step }
        guard zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            let grouped = Dictionary(grouping: parts.indices) { starts[$0] }
            return grouped.keys.sorted().map { start in merge((grouped[start] ?? []).map { parts[$0] }, at: start, metrics: metrics) }
        }
        // In order: each bucket is one run of parts, in the order grouping would give.
        var buckets: [RollupPart] = []
        var begin = parts.startIndex
        while begin < parts.endIndex {
            var end = begin + 1
            while end < parts.endIndex, starts[end] == starts[begin] { end += 1 }
            buckets.append(merge(parts[begin..<end], at: starts[begin], metrics: metrics))
            begin = end
        }
        return buckets
    }

    /// `parts` as one part starting at `start`: per metric, the rollups' stats (in order) and the
    /// exact stats of the single samples combined.
    static func merge(_ parts: some Collection<RollupPart>, at start: Int64, metrics: Int) -> RollupPart {
        var values: [Double] = []
        var pieces: [(stats: MetricStats, samples: Int)] = []
        let stats = (0..<metrics).map { index -> MetricStats? in
            values.removeAll(keepingCapacity: true)
            pieces.removeAll(keepingCapacity: true)
            for part in parts {
                guard let stats = part.stats[index] else { continue }
                if part.samples == 1 && part.backfilled == 0 { values.append(stats.avg) } else { pieces.append((stats, part.samples)) }
            }
            if let exact = MetricStats.of(values) { pieces.append((exact, values.count)) }
            return MetricStats.combine(pieces)
        }
        return RollupPart(
            ts: start, samples: parts.reduce(0) { $0 + $1.samples }, backfilled: parts.reduce(0) { $0 + $1.backfilled },
            stats: stats)
    }
}
