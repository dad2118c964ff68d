import Foundation

/// The answer to a `history` request: one node's or guest's metrics over a window, one point
/// per step, and how much real history stands behind them.
public struct HistorySeries: Codable, Sendable, Equatable {
    public var node: String?
    public var vmid: Int?
    public var from: Date
    public var to: Date
    public var stepSeconds: Int
    /// The metric names, in the order of the CSV columns.
    public var metrics: [String]
    public var points: [Point]
    public var coverage: Coverage

    public init(
        node: String?, vmid: Int?, from: Date, to: Date, stepSeconds: Int, metrics: [String], points: [Point], coverage: Coverage
    ) {
        self.node = node
        self.vmid = vmid
        self.from = from
        self.to = to
        self.stepSeconds = stepSeconds
        self.metrics = metrics
        self.points = points
        self.coverage = coverage
    }

    /// One step of the series: its start, its samples (`backfilled` of them from Proxmox's
    /// RRD, absent when none) and each metric's stats (metrics no sample of the step had are
    /// left out).
    public struct Point: Codable, Sendable, Equatable {
        public var at: Date
        public var samples: Int
        public var backfilled: Int?
        public var values: [String: MetricStats]

        public init(at: Date, samples: Int, backfilled: Int = 0, values: [String: MetricStats]) {
            self.at = at
            self.samples = samples
            self.backfilled = backfilled > 0 ? backfilled : nil
            self.values = values
        }

        /// Whether every sample of the step was backfilled.
        public var isBackfilled: Bool { (backfilled ?? 0) >= samples && samples > 0 }
    }

    /// How much history stands behind the series: its samples (and how many were backfilled
    /// from Proxmox's RRD), the first and last point, their span, the span of the points with
    /// real samples, and the stretches without any.
    public struct Coverage: Codable, Sendable, Equatable {
        public var samples: Int
        public var backfilledSamples: Int
        /// Seconds between the first and the last point with real (not backfilled) samples.
        public var realSpanSeconds: Int
        public var first: Date?
        public var last: Date?
        public var spanSeconds: Int
        /// Stretches longer than two steps (and twice the usual spacing) without a sample, at most
        /// `maximumGaps`, oldest first.
        public var gaps: [Gap]
        /// Seconds without samples over every gap (also those not listed).
        public var gapSeconds: Int

        public static let maximumGaps = 50

        public init(
            samples: Int, first: Date?, last: Date?, spanSeconds: Int, gaps: [Gap], gapSeconds: Int, backfilledSamples: Int = 0,
            realSpanSeconds: Int? = nil
        ) {
            self.samples = samples
            self.backfilledSamples = backfilledSamples
            self.realSpanSeconds = realSpanSeconds ?? spanSeconds
            self.first = first
            self.last = last
            self.spanSeconds = spanSeconds
            self.gaps = gaps
            self.gapSeconds = gapSeconds
        }
    }

    /// A stretch without samples.
    public struct Gap: Codable, Sendable, Equatable {
        public var from: Date
        public var to: Date

        public init(from: Date, to: Date) {
            self.from = from
            self.to = to
        }
    }
}

/// The step of a history reply. Pure.
public enum HistoryResolution {
    /// The most points a reply has (plus one for a partial step at each end).
    public static let maximumPoints = 500

    /// One minute up to 6 hours, one hour up to 7 days, six hours beyond; coarser when the
    /// window would otherwise give more than `maximumPoints` points.
    public static func step(window: Int64) -> Int64 {
        let base: Int64 = window <= 6 * 3600 ? 60 : window <= 7 * 86_400 ? 3600 : HistoryTiers.block
        let needed = (window + Int64(maximumPoints) - 1) / Int64(maximumPoints)
        return max(base, (needed + 59) / 60 * 60)
    }

    /// The coverage of `points` (bucketed parts, sorted) at `step`.
    static func coverage(_ points: [RollupPart], step: Int64) -> HistorySeries.Coverage {
        let spacings = zip(points.dropFirst(), points).map { $0.ts - $1.ts }.sorted()
        let usual = spacings.isEmpty ? step : spacings[spacings.count / 2]
        let threshold = max(2 * step, 2 * usual)
        var gaps: [HistorySeries.Gap] = []
        var gapSeconds: Int64 = 0
        for (next, previous) in zip(points.dropFirst(), points) where next.ts - previous.ts > threshold {
            gapSeconds += next.ts - previous.ts - step
            if gaps.count < HistorySeries.Coverage.maximumGaps {
                gaps.append(HistorySeries.Gap(from: date(previous.ts + step), to: date(next.ts)))
            }
        }
        let real = points.filter { $0.backfilled < $0.samples }
        return HistorySeries.Coverage(
            samples: points.reduce(0) { $0 + $1.samples },
            first: points.first.map { date($0.ts) }, last: points.last.map { date($0.ts) },
            spanSeconds: Int((points.last?.ts ?? 0) - (points.first?.ts ?? 0)), gaps: gaps, gapSeconds: Int(gapSeconds),
            backfilledSamples: points.reduce(0) { $0 + $1.backfilled },
            realSpanSeconds: Int((real.last?.ts ?? 0) - (real.first?.ts ?? 0)))
    }

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: Double(seconds)) }
}
