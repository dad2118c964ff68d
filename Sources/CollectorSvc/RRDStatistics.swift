import Contract
import Foundation
import ProxmoxAPI

/// Turns Proxmox node RRD series into the averages and maxima of a snapshot. Pure.
enum RRDStatistics {
    /// One metric as (time, value) pairs, points without a value dropped.
    typealias Series = [(time: Date, value: Double)]

    /// Average and maximum over the points newer than `window` before the newest point.
    /// `maxima` (from `cf=MAX`) gives the maximum when present, else the averages' maximum.
    static func stats(_ averages: Series, maxima: Series? = nil, window: TimeInterval) -> WindowStats? {
        guard let newest = averages.map(\.time).max() else { return nil }
        let since = newest.addingTimeInterval(-window)
        let inWindow = averages.filter { $0.time > since }.map(\.value)
        guard !inWindow.isEmpty else { return nil }
        let average = inWindow.reduce(0, +) / Double(inWindow.count)
        let peak = maxima.flatMap { series in series.filter { $0.time > since }.map(\.value).max() } ?? inWindow.max() ?? average
        return WindowStats(avg: average, max: Swift.max(peak, average), samples: inWindow.count)
    }

    /// The series of one metric of node RRD points, scaled (e.g. fractions × 100).
    static func series(_ points: [PVENodeRRDPoint], _ value: (PVENodeRRDPoint) -> Double?) -> Series {
        points.compactMap { point in
            guard let time = point.time, let v = value(point), v.isFinite else { return nil }
            return (time, v)
        }
    }

    /// The node history from the hour series (every cycle) and the day/week series (refreshed
    /// less often; each with its `cf=MAX` companion when read).
    static func nodeHistory(
        hour: [PVENodeRRDPoint], day: [PVENodeRRDPoint], dayMax: [PVENodeRRDPoint],
        week: [PVENodeRRDPoint], weekMax: [PVENodeRRDPoint]
    ) -> NodeHistory {
        func metric(_ value: @escaping (PVENodeRRDPoint) -> Double?) -> MetricHistory {
            MetricHistory(
                lastHour: stats(series(hour, value), window: 3600),
                lastDay: stats(series(day, value), maxima: series(dayMax, value), window: 86_400),
                lastWeek: stats(series(week, value), maxima: series(weekMax, value), window: 7 * 86_400))
        }
        return NodeHistory(
            cpuPct: metric { $0.cpu.map { $0 * 100 } },
            memoryPct: metric { point in
                guard let used = point.memused, let total = point.memtotal, total > 0 else { return nil }
                return used / total * 100
            },
            iowaitPct: metric { $0.iowait.map { $0 * 100 } },
            load1: metric { $0.loadavg })
    }
}
