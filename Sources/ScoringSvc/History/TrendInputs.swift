import Contract
import Foundation
import ScoringEngine

extension SampleWindow {
    /// Each node's CPU and memory trends as of `now`, crossing times against `c`'s thresholds.
    public func nodeTrends(now: Date, _ c: PenaltyConfiguration) -> [String: NodeTrends] {
        samples.compactMapValues { series in
            let cpu = TrendEngine.analyze(
                series.map { TrendPoint(at: $0.at, value: $0.cpuPct, backfilled: $0.backfilled) }, now: now, threshold: c.cpuThreshold)
            let memory = TrendEngine.analyze(
                series.compactMap { sample in sample.memoryPct.map { TrendPoint(at: sample.at, value: $0, backfilled: sample.backfilled) } },
                now: now,
                threshold: c.memThreshold)
            return cpu == nil && memory == nil ? nil : NodeTrends(cpu: cpu, memory: memory)
        }
    }
}

/// Guest trends read from the metrics history, kept for the hour they were computed in: a
/// guest's hourly series changes little within an hour.
public struct GuestTrendCache: Sendable {
    /// Days of guest history a trend is computed from.
    public static let lookbackDays = 7.0
    /// The most guests whose trends one plan reads (those on nodes that are not `normal`).
    public static let maximumGuests = 200

    private var hour = Int.min
    private var trends: [Int: GuestTrend?] = [:]

    public init() {}

    /// The trends of `vmids` as of `now`, from the cache within the same hour and from `history`
    /// otherwise (at most `maximumGuests`); a guest without enough history has none. Throws when
    /// the history cannot be read.
    public mutating func trends(of vmids: [Int], now: Date, history: MetricsHistory) async throws -> [Int: GuestTrend] {
        let current = Int((now.timeIntervalSince1970 / 3600).rounded(.down))
        if current != hour {
            hour = current
            trends = [:]
        }
        var result: [Int: GuestTrend] = [:]
        for vmid in vmids.prefix(Self.maximumGuests) {
            if trends[vmid] == nil {
                let series = try await history.series(.guest(vmid), window: Int64(Self.lookbackDays * 86_400), now: now)
                let points = series?.points.compactMap { point in
                    point.values["cpu_pct"].map { TrendPoint(at: point.at, value: $0.avg, backfilled: point.isBackfilled) }
                }
                trends[vmid] = .some(points.flatMap { GuestTrend.analyze(cpu: $0, now: now) })
            }
            if let trend = trends[vmid] ?? nil { result[vmid] = trend }
        }
        return result
    }
}
