public import Foundation

/// One observation of a metric: when, its value, and whether it was backfilled from Proxmox's
/// RRD rather than measured by ProxBalance.
public struct TrendPoint: Sendable, Equatable {
    public var at: Date
    public var value: Double
    public var backfilled: Bool

    public init(at: Date, value: Double, backfilled: Bool = false) {
        self.at = at
        self.value = value
        self.backfilled = backfilled
    }
}

/// How much history stands behind a trend: its samples, their span and the stretches without
/// any, and how many of the samples were backfilled from Proxmox's RRD (the rest are real).
public struct TrendCoverage: Codable, Sendable, Equatable {
    public var samples: Int
    public var spanHours: Double
    /// Hours inside stretches without samples (longer than twice the usual spacing and 2 h).
    public var gapHours: Double
    /// Number of such stretches.
    public var gaps: Int
    /// Samples backfilled from Proxmox's RRD, part of `samples`.
    public var backfilledSamples: Int
    /// Hours between the first and the last real (not backfilled) sample.
    public var realSpanHours: Double

    public init(samples: Int, spanHours: Double, gapHours: Double, gaps: Int, backfilledSamples: Int = 0, realSpanHours: Double? = nil) {
        self.samples = samples
        self.spanHours = spanHours
        self.gapHours = gapHours
        self.gaps = gaps
        self.backfilledSamples = backfilledSamples
        self.realSpanHours = realSpanHours ?? spanHours
    }

    /// Reads coverage written before backfilling existed as all real.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            samples: try container.decode(Int.self, forKey: .samples), spanHours: try container.decode(Double.self, forKey: .spanHours),
            gapHours: try container.decode(Double.self, forKey: .gapHours), gaps: try container.decode(Int.self, forKey: .gaps),
            backfilledSamples: try container.decodeIfPresent(Int.self, forKey: .backfilledSamples) ?? 0,
            realSpanHours: try container.decodeIfPresent(Double.self, forKey: .realSpanHours))
    }

    /// The coverage of `points`, sorted by time.
    public static func of(_ points: [TrendPoint]) -> TrendCoverage {
        guard let first = points.first, let last = points.last else { return TrendCoverage(samples: 0, spanHours: 0, gapHours: 0, gaps: 0) }
        let spacings = zip(points.dropFirst(), points).map { $0.at.timeIntervalSince($1.at) }
        let usual = spacings.isEmpty ? 0 : spacings.sorted()[spacings.count / 2]
        let limit = max(2 * usual, 7200)
        let gaps = spacings.filter { $0 > limit }
        let real = points.filter { !$0.backfilled }
        let realSpan = real.last.map { last in real.first.map { last.at.timeIntervalSince($0.at) / 3600 } ?? 0 } ?? 0
        return TrendCoverage(
            samples: points.count, spanHours: last.at.timeIntervalSince(first.at) / 3600,
            gapHours: gaps.reduce(0) { $0 + ($1 - usual) } / 3600, gaps: gaps.count, backfilledSamples: points.count - real.count,
            realSpanHours: realSpan)
    }
}
