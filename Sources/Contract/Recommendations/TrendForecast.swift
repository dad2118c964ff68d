import Foundation

/// A threshold a node will cross within the forecast horizon if its trend goes on, published
/// in the plan's `forecasts` before anything is overloaded.
public struct TrendForecast: Codable, Sendable, Equatable {
    public var node: String
    /// `cpu_pct` or `memory_pct`.
    public var metric: String
    /// Mean of the last hour, %.
    public var current: Double
    public var threshold: Double
    /// Fitted slope, percentage points per day.
    public var ratePerDay: Double
    public var hoursToThreshold: Double
    public var estimatedCrossingAt: Date
    /// `high` or `medium` (a low-confidence trend gives no forecast).
    public var confidence: String
    /// R² of the slope, 0–1.
    public var r2: Double
    /// `medium` within 24 h, `low` beyond.
    public var urgency: Urgency
    /// Growing guests on the node, fastest first: the ones to move to head it off.
    public var drivers: [ForecastDriver]
    public var dataQuality: TrendDataQuality
    /// One sentence for a human.
    public var message: String

    public init(
        node: String, metric: String, current: Double, threshold: Double, ratePerDay: Double, hoursToThreshold: Double,
        estimatedCrossingAt: Date, confidence: String, r2: Double, urgency: Urgency, drivers: [ForecastDriver],
        dataQuality: TrendDataQuality, message: String
    ) {
        self.node = node
        self.metric = metric
        self.current = current
        self.threshold = threshold
        self.ratePerDay = ratePerDay
        self.hoursToThreshold = hoursToThreshold
        self.estimatedCrossingAt = estimatedCrossingAt
        self.confidence = confidence
        self.r2 = r2
        self.urgency = urgency
        self.drivers = drivers
        self.dataQuality = dataQuality
        self.message = message
    }
}

/// A growing guest behind a forecast.
public struct ForecastDriver: Codable, Sendable, Equatable {
    public var vmid: Int
    public var name: String?
    /// CPU growth in % of the guest's own mean per day.
    public var growthPctPerDay: Double

    public init(vmid: Int, name: String?, growthPctPerDay: Double) {
        self.vmid = vmid
        self.name = name
        self.growthPctPerDay = growthPctPerDay
    }
}

/// How much history stands behind a trend: all its samples, and how many of them were
/// backfilled from Proxmox's RRD (the rest, over `real_span_hours`, ProxBalance measured).
public struct TrendDataQuality: Codable, Sendable, Equatable {
    public var samples: Int
    public var spanHours: Double
    /// Hours inside stretches without samples.
    public var gapHours: Double
    /// Samples backfilled from Proxmox's RRD, part of `samples` (absent in plans made before
    /// backfilling existed).
    public var backfilledSamples: Int?
    /// Hours between the first and the last real (not backfilled) sample.
    public var realSpanHours: Double?

    public init(samples: Int, spanHours: Double, gapHours: Double, backfilledSamples: Int? = nil, realSpanHours: Double? = nil) {
        self.samples = samples
        self.spanHours = spanHours
        self.gapHours = gapHours
        self.backfilledSamples = backfilledSamples
        self.realSpanHours = realSpanHours
    }
}
