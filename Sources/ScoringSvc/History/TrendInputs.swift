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

/// The CPU trends of running guests from their hourly series in the metrics history, kept in
/// memory: the series are read whole once, then extended by the hours that ended since, and the
/// trends are recomputed once an hour. Guests without enough history to give a trend are read
/// whole again each hour, so history written late (a backfill) reaches them. A call reads at
/// most `maximumWholeReads` series whole; the rest wait for the next plans.
public struct GuestTrendCache: Sendable {
    /// Days of guest history a trend is computed from.
    public static let lookbackDays = 7.0
    static let lookback = Int64(lookbackDays * 86_400)

    /// The most guests whose series one call reads whole (7 days each).
    public let maximumWholeReads: Int

    /// The series end before this hour start; nil before the first read.
    private var through: Int64?
    /// Each guest's hourly CPU (%) over the lookback before `through`, oldest first.
    private var series: [Int: [TrendPoint]] = [:]
    /// The trends as of the hour they were computed in (nil: not enough history).
    private var trends: [Int: GuestTrend?] = [:]

    public init(maximumWholeReads: Int = 1000) {
        self.maximumWholeReads = maximumWholeReads
    }

    /// Forgets the series and trends of `vmids` (their history changed, e.g. backfilled): they
    /// are read whole at their next refresh.
    public mutating func forget(_ vmids: [Int]) {
        for vmid in vmids {
            series[vmid] = nil
            trends[vmid] = nil
        }
    }

    /// The trends of `vmids` as of `now`: in a new hour, the series of the guests known before
    /// get the hours since and the others are read whole (up to `maximumWholeReads`); within the
    /// hour only guests not read yet are. A guest without enough history, or not read yet, has
    /// none. Throws when the history cannot be read.
    public mutating func trends(of vmids: [Int], now: Date, history: MetricsHistory) async throws -> [Int: GuestTrend] {
        let hour = HistoryTiers.floorDiv(Int64(now.timeIntervalSince1970.rounded(.down)), 3600) * 3600
        let start = hour - Self.lookback
        var whole = vmids.filter { trends[$0] == nil }
        if hour != through {
            // Guests with a trend in the hour before get the hours since; the others are read whole.
            let last = through.flatMap { $0 < hour && $0 > start ? $0 : nil }
            let extend = last == nil ? [] : vmids.filter { (trends[$0] ?? nil) != nil }
            series = extend.reduce(into: [:]) { $0[$1] = series[$1] }
            if let last, !extend.isEmpty {
                for (vmid, points) in try await history.hourlyCPU(of: extend, from: last, to: hour) {
                    series[vmid]?.append(contentsOf: points)
                }
                let cutoff = HistoryResolution.date(start)
                series = series.mapValues { points in Array(points.drop { $0.at < cutoff }) }
            }
            let extended = Set(extend)
            whole = vmids.filter { !extended.contains($0) }
            trends = [:]
            through = hour
        }
        let unread = Set(whole.dropFirst(maximumWholeReads))
        whole = Array(whole.prefix(maximumWholeReads))
        if !whole.isEmpty {
            let read = try await history.hourlyCPU(of: whole, from: start, to: hour)
            for vmid in whole { series[vmid] = read[vmid] }
        }
        var result: [Int: GuestTrend] = [:]
        for vmid in vmids where !unread.contains(vmid) {
            if trends[vmid] == nil { trends[vmid] = .some(series[vmid].flatMap { GuestTrend.analyze(cpu: $0, now: now) }) }
            if let trend = trends[vmid] ?? nil { result[vmid] = trend }
        }
        return result
    }
}
