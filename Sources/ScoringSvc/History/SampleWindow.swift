import Foundation
import ScoringEngine

/// The stored samples of the retention window kept in memory, per node and oldest first, so a
/// snapshot costs an append instead of reading days of history back. Pure.
public struct SampleWindow: Sendable, Equatable {
    public internal(set) var samples: [String: [NodeSample]]

    public init(_ samples: [String: [NodeSample]] = [:]) {
        self.samples = samples.mapValues { $0.sorted { $0.at < $1.at } }
    }

    /// Adds `new`; a sample not newer than its node's latest is ignored (a snapshot seen again).
    public mutating func append(_ new: [NodeSample]) {
        for sample in new {
            if let last = samples[sample.node]?.last, last.at >= sample.at { continue }
            samples[sample.node, default: []].append(sample)
        }
    }

    /// Drops the samples taken before `cutoff`, and nodes left without any.
    public mutating func prune(before cutoff: Date) {
        samples = samples.compactMapValues { series in
            let kept = series.drop { $0.at < cutoff }
            return kept.isEmpty ? nil : Array(kept)
        }
    }

    /// Replaces the samples taken before `cutoff` by one per node and hour (their average, at
    /// the start of the hour), as the store does: raw samples for recent days, hourly ones after.
    public mutating func compact(before cutoff: Date) {
        samples = samples.mapValues { series in
            let old = series.prefix { $0.at < cutoff }
            guard old.count > 1 else { return series }
            let hourly = Dictionary(grouping: old) { HistoryCompaction.hourStart($0.at) }
                .map { hour, group in HistoryCompaction.average(group, at: hour) }
                .sorted { $0.at < $1.at }
            return hourly + series.dropFirst(old.count)
        }
    }

    /// Per-node trends of the window.
    public var trends: HistorySummary { TrendAnalysis.summary(samples) }

    /// Per-node trends of the samples taken at or after `start` (`analysis_lookback_hours`).
    public func trends(since start: Date) -> HistorySummary {
        TrendAnalysis.summary(samples.mapValues { series in Array(series.drop { $0.at < start }) }.filter { !$0.value.isEmpty })
    }
}
