import Contract
import Foundation

/// Proxmox RRD series of one node or guest as backfilled rollups of the metrics history. Pure.
///
/// Each RRD point becomes a part of one backfilled sample at the point's time, in stored units:
/// the `AVERAGE` value is its average, the `MAX` value (same time) its maximum. Proxmox keeps no
/// minimum or percentile, so the minimum is the average and the 95th percentile the maximum
/// (both bound the true ones from above); without a `MAX` point the maximum is the average too.
/// Points spaced less than 6 hours apart fill hourly and 6-hourly rollups, coarser ones only
/// 6-hourly rollups; a bucket is taken from the finest series that has points in it.
public enum HistoryBackfill {
    /// Series spaced at least this far apart (seconds) fill 6-hourly rollups only.
    static let coarseSpacing: Int64 = HistoryTiers.block

    /// The RRD points of a timeframe, averages and maxima.
    public struct Series: Sendable, Equatable {
        public var averages: [RRDSeries.Point]
        public var maxima: [RRDSeries.Point]

        public init(averages: [RRDSeries.Point], maxima: [RRDSeries.Point]) {
            self.averages = averages
            self.maxima = maxima
        }
    }

    /// The values of `point` in the order of `kind.metrics` (reported units); a node's running
    /// guests are not in its RRD.
    static func values(_ kind: HistoryKind, _ point: RRDSeries.Point) -> [Double?] {
        switch kind {
        case .node: [point.cpuPct, point.memoryPct, point.iowaitPct, point.load1, nil]
        case .guest: [point.cpuPct, point.memoryUsedBytes, point.diskReadBps, point.diskWriteBps, point.netInBps, point.netOutBps]
        }
    }

    /// One backfilled part per averaged point with a value.
    static func parts(_ kind: HistoryKind, _ series: Series) -> [RollupPart] {
        let metrics = kind.metrics
        let maxima = Dictionary(series.maxima.map { ($0.at, values(kind, $0)) }, uniquingKeysWith: { first, _ in first })
        return series.averages.sorted { $0.at < $1.at }.compactMap { point in
            let averages = values(kind, point)
            guard averages.contains(where: { $0?.isFinite == true }) else { return nil }
            let peaks = maxima[point.at] ?? []
            let stats = metrics.indices.map { index -> MetricStats? in
                guard let average = metrics[index].stored(averages[index]) else { return nil }
                let avg = Double(average)
                let peak = metrics[index].stored(index < peaks.count ? peaks[index] : nil).map { max(Double($0), avg) }
                return MetricStats(min: avg, max: peak ?? avg, avg: avg, p95: peak ?? avg)
            }
            return RollupPart(ts: Int64(point.at.timeIntervalSince1970.rounded(.down)), samples: 1, backfilled: 1, stats: stats)
        }
    }

    /// The median spacing of `parts` (sorted) in seconds; `Int64.max` with fewer than two.
    static func spacing(_ parts: [RollupPart]) -> Int64 {
        let spacings = zip(parts.dropFirst(), parts).map { $0.ts - $1.ts }.sorted()
        return spacings.isEmpty ? Int64.max : spacings[spacings.count / 2]
    }

    /// The backfilled rollups of `tier` from the series' parts (any order), finest first per
    /// bucket, for buckets starting at or after `from` and ending at or before `before`.
    static func rollups(_ series: [[RollupPart]], tier: RollupTier, metrics: Int, from: Int64, before: Int64) -> [RollupPart] {
        var buckets: [Int64: RollupPart] = [:]
        for parts in series.sorted(by: { spacing($0) < spacing($1) }) {
            guard tier == .sixHourly || spacing(parts) < coarseSpacing else { continue }
            for bucket in RollupPart.buckets(parts, step: tier.seconds, metrics: metrics)
            where buckets[bucket.ts] == nil && bucket.ts >= from && bucket.ts + tier.seconds <= before {
                buckets[bucket.ts] = bucket
            }
        }
        return buckets.keys.sorted().compactMap { buckets[$0] }
    }
}
