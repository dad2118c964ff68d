import Foundation

/// How scoring thins its node history: raw samples for `rawHours`, then one per node and hour.
public enum HistoryCompaction {
    /// Hours of raw (per-snapshot) samples kept before they are averaged per hour.
    public static let rawHours: Double = 48

    /// The start of the UTC hour `date` falls in.
    public static func hourStart(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
    }

    /// One sample for `group` (samples of one node), at `at`: the averages of what they report,
    /// backfilled when all of them were.
    static func average(_ group: [NodeSample], at: Date) -> NodeSample {
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        return NodeSample(
            node: group[0].node, at: at, cpuPct: mean(group.map(\.cpuPct)) ?? 0,
            memoryPct: mean(group.compactMap(\.memoryPct)), iowaitPct: mean(group.compactMap(\.iowaitPct)),
            backfilled: group.allSatisfy(\.backfilled))
    }
}
