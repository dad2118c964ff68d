import Foundation

/// How long each tier of the metrics history is kept: raw samples (one per snapshot), then
/// hourly and 6-hourly min / max / avg / p95. Both rollups are made when raw samples leave the
/// raw tier, in whole 6-hour blocks (UTC), so each tier's edge falls on a 6-hour boundary.
public struct HistoryTiers: Sendable, Equatable {
    public var rawHours: Double
    public var hourlyDays: Double
    public var sixHourlyDays: Double

    public init(rawHours: Double = 48, hourlyDays: Double = 14, sixHourlyDays: Double = 90) {
        self.rawHours = rawHours
        self.hourlyDays = hourlyDays
        self.sixHourlyDays = sixHourlyDays
    }

    /// Seconds in a 6-hour block.
    public static let block: Int64 = 21_600

    /// The start of the 6-hour block `seconds` falls in.
    public static func blockStart(_ seconds: Int64) -> Int64 {
        floorDiv(seconds, block) * block
    }

    /// `value` rounded down to a multiple of `step`, also for negative values.
    static func floorDiv(_ value: Int64, _ step: Int64) -> Int64 {
        value >= 0 ? value / step : -((-value + step - 1) / step)
    }

    /// Raw samples taken before this are rolled up (a 6-hour boundary).
    public func rawCutoff(_ now: Int64) -> Int64 { Self.blockStart(now - Int64(rawHours * 3600)) }

    /// Hourly rollups before this are deleted.
    public func hourlyCutoff(_ now: Int64) -> Int64 { Self.blockStart(now - Int64(hourlyDays * 86_400)) }

    /// 6-hourly rollups (and placement changes) before this are deleted.
    public func sixHourlyCutoff(_ now: Int64) -> Int64 { Self.blockStart(now - Int64(sixHourlyDays * 86_400)) }
}

/// A rollup tier's number in SQLite and its step.
enum RollupTier: Int64, CaseIterable {
    case hourly = 1
    case sixHourly = 2

    var seconds: Int64 { self == .hourly ? 3600 : HistoryTiers.block }
}
