import Contract
import Foundation
import Logging
import SQLite
import ScoringEngine
import ScoringSvc
import TestSupport

/// Scoring's metrics history at scale: ingest of one snapshot, compaction of a day of raw
/// samples, a node's 7-day and a guest's 90-day query, the trends of every running guest (read
/// whole, then refreshed an hour later) and the file size after 90 days.
///
/// The 90 days are simulated: raw samples for the raw tier's 48 h, hourly rollups for the rest
/// of 14 days and 6-hourly ones for the rest of 90 days are inserted directly at their
/// resolution (SQL over generated series, values in realistic ranges) instead of feeding
/// 130,000 snapshots; the measured ingest, compaction and queries use the real code.
enum HistoryBenchmark {
    static func run(nodes: Int, guests: Int, logger: Logger) async throws -> BenchReport.History {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pb-bench-history-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tiers = HistoryTiers()
        let now = Date(timeIntervalSince1970: 1_800_014_400)
        let nowSeconds = Int64(now.timeIntervalSince1970)

        // Compaction: one day of raw samples of every guest, rolled up in batches.
        let compactDatabase = try ScoringDatabase.open(directory: directory, cluster: "compact", logger: logger)
        let compactHistory = MetricsHistory(database: compactDatabase)
        let dayStart = tiers.rawCutoff(nowSeconds) - 86_400
        try fillRaw(compactDatabase, guests: guests, nodes: nodes, from: dayStart, to: dayStart + 86_400)
        var batches = 0
        var slowestBatch = 0.0
        var rawCompacted = 0
        let (_, compactSeconds) = try await measure {
            while true {
                let (step, seconds) = try await measure {
                    try await compactHistory.compactBatch(.guest, now: now, tiers: tiers, batch: 100)
                }
                batches += 1
                slowestBatch = max(slowestBatch, seconds)
                rawCompacted += step.rawSamples
                if step.finished { break }
            }
        }

        // 90 days of 32 nodes and 5,000 guests at 60 s.
        let database = try ScoringDatabase.open(directory: directory, cluster: "ninety", logger: logger)
        let history = MetricsHistory(database: database)
        let snapshot = SyntheticCluster.snapshot(nodes: nodes, guests: guests, seed: 42, at: now)
        try await history.ingest(snapshot)  // the node ids
        let rawFrom = tiers.rawCutoff(nowSeconds)
        let (_, fillSeconds) = try await measure {
            try fillRaw(database, guests: guests, nodes: nodes, from: rawFrom, to: nowSeconds - 60)
            try fillNodeRaw(database, nodes: nodes, from: rawFrom, to: nowSeconds - 60)
            try fillRollups(database, guests: guests, nodes: nodes, tier: 1, step: 3600, from: tiers.hourlyCutoff(nowSeconds), to: rawFrom)
            try fillRollups(
                database, guests: guests, nodes: nodes, tier: 2, step: 21_600, from: tiers.sixHourlyCutoff(nowSeconds),
                to: rawFrom)
        }
        // Ingest: consecutive snapshots of the full cluster into the full database.
        var ingest: [Double] = []
        for index in 1...12 {
            var next = snapshot
            next.collectedAt = now.addingTimeInterval(Double(index) * 60)
            let (_, seconds) = try await measure { try await history.ingest(next) }
            ingest.append(seconds * 1000)
        }
        // The next compaction batch first moves the 11 oldest of them to the raw table.
        let later = now.addingTimeInterval(1300)
        let (_, flushSeconds) = try await measure { try await history.compactBatch(.guest, now: later, tiers: tiers, batch: 100) }
        // The rest of the next hour's raw samples, for the hourly refresh of guest trends.
        let nextHour = (nowSeconds / 3600 + 1) * 3600
        try fillRaw(database, guests: guests, nodes: nodes, from: nowSeconds + 780, to: nextHour)
        let vmids = snapshot.guests.map(\.vmid)  // every guest, running or not: 5,000 series
        var guestCold = Double.infinity
        var guestColdTotal = Double.infinity
        var guestColdPlans = 0
        var guestRefresh = Double.infinity
        var guestRefreshRead = Double.infinity
        var guestSameHour = Double.infinity
        var guestTrends = 0
        let refreshAt = Date(timeIntervalSince1970: Double(nextHour + 60))
        for _ in 0..<3 {
            // The first plans after a start: each reads up to `maximumWholeReads` series whole.
            var cache = GuestTrendCache()
            var slowest = 0.0
            var total = 0.0
            var plans = 0
            while plans < 100 {
                let (known, coldSeconds) = try await measure { try await cache.trends(of: vmids, now: later, history: history) }
                slowest = max(slowest, coldSeconds * 1000)
                total += coldSeconds * 1000
                plans += 1
                if known.count == vmids.count { break }
            }
            guestCold = min(guestCold, slowest)
            guestColdTotal = min(guestColdTotal, total)
            guestColdPlans = plans
            let (_, readSeconds) = try await measure { try await history.hourlyCPU(of: vmids, from: nextHour - 3600, to: nextHour) }
            guestRefreshRead = min(guestRefreshRead, readSeconds * 1000)
            let (refreshed, refreshSeconds) = try await measure { try await cache.trends(of: vmids, now: refreshAt, history: history) }
            guestRefresh = min(guestRefresh, refreshSeconds * 1000)
            guestTrends = refreshed.count
            let (_, sameHourSeconds) = try await measure {
                try await cache.trends(of: vmids, now: refreshAt.addingTimeInterval(60), history: history)
            }
            guestSameHour = min(guestSameHour, sameHourSeconds * 1000)
        }
        let node = snapshot.nodes[0].name
        let vmid = snapshot.guests[0].vmid
        var trend = Double.infinity
        var ninety = Double.infinity
        var trendPoints = 0
        var ninetyPoints = 0
        var nodeTrend = Double.infinity
        var guestTrend = Double.infinity
        for _ in 0..<3 {
            let (_, nodeTrendSeconds) = try await measure {
                let week = try await history.series(.node(node), window: 7 * 86_400, now: later)
                let points = week?.points.compactMap { point in point.values["cpu_pct"].map { TrendPoint(at: point.at, value: $0.avg) } }
                return points.flatMap { TrendEngine.analyze($0, now: later, threshold: 60) }
            }
            nodeTrend = min(nodeTrend, nodeTrendSeconds * 1000)
            let (_, guestTrendSeconds) = try await measure {
                var cache = GuestTrendCache()
                return try await cache.trends(of: [vmid], now: later, history: history)
            }
            guestTrend = min(guestTrend, guestTrendSeconds * 1000)
            let (week, weekSeconds) = try await measure { try await history.series(.node(node), window: 7 * 86_400, now: later) }
            trend = min(trend, weekSeconds * 1000)
            trendPoints = week?.points.count ?? 0
            let (quarter, quarterSeconds) = try await measure { try await history.series(.guest(vmid), window: 90 * 86_400, now: later) }
            ninety = min(ninety, quarterSeconds * 1000)
            ninetyPoints = quarter?.points.count ?? 0
        }
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let path = (directory as NSString).appendingPathComponent(ScoringDatabase.fileName(cluster: "ninety"))
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? -1
        return BenchReport.History(
            nodes: nodes, guests: guests, ingestMilliseconds: ingest, flushMilliseconds: flushSeconds * 1000,
            compactDayRawSamples: rawCompacted, compactDaySeconds: compactSeconds, compactBatches: batches,
            compactSlowestBatchMilliseconds: slowestBatch * 1000,
            nodeWeekQueryMilliseconds: trend, nodeWeekPoints: trendPoints,
            nodeWeekTrendMilliseconds: nodeTrend, guestWeekTrendMilliseconds: guestTrend,
            guestTrendRefresh: .init(
                guests: vmids.count, guestsWithTrend: guestTrends, coldPlans: guestColdPlans, coldSlowestPlanMilliseconds: guestCold,
                coldTotalMilliseconds: guestColdTotal,
                hourlyRefreshMilliseconds: guestRefresh, hourlyRefreshReadMilliseconds: guestRefreshRead,
                sameHourMilliseconds: guestSameHour), guestNinetyDayQueryMilliseconds: ninety,
            guestNinetyDayPoints: ninetyPoints, ninetyDayFillSeconds: fillSeconds, ninetyDayDatabaseMegabytes: Double(bytes) / 1_048_576,
            note: "90 days simulated: raw rows for the last 48 h, hourly rollups to 14 d and 6-hourly ones to 90 d inserted directly")
    }

    /// Guest raw samples every 60 s in [from, to), in key order, with values in realistic ranges.
    static func fillRaw(_ database: SQLiteDatabase, guests: Int, nodes: Int, from: Int64, to: Int64) throws {
        try database.execute(
            """
            WITH RECURSIVE g(id) AS (SELECT 100 UNION ALL SELECT id + 1 FROM g WHERE id < \(99 + guests)),
            t(ts) AS (SELECT \(from) UNION ALL SELECT ts + 60 FROM t WHERE ts + 60 < \(to))
            INSERT INTO guest_raw (series, ts, node, status, cpu, memory, disk_read, disk_write, net_in, net_out)
            SELECT id, ts, id % \(nodes) + 1, 1, abs(random() % 10000), 1073741824 + abs(random() % 4294967296),
                abs(random() % 5000000), abs(random() % 5000000), abs(random() % 2000000), abs(random() % 2000000)
            FROM g, t
            """)
    }

    /// Node raw samples every 60 s in [from, to).
    static func fillNodeRaw(_ database: SQLiteDatabase, nodes: Int, from: Int64, to: Int64) throws {
        try database.execute(
            """
            WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < \(nodes)),
            t(ts) AS (SELECT \(from) UNION ALL SELECT ts + 60 FROM t WHERE ts + 60 < \(to))
            INSERT OR IGNORE INTO node_raw (series, ts, cpu, memory, iowait, load1, guests)
            SELECT id, ts, abs(random() % 10000), abs(random() % 10000), abs(random() % 500), abs(random() % 3200), 150 FROM n, t
            """)
    }

    /// Rollups of `tier` every `step` seconds in [from, to) for every guest and node.
    static func fillRollups(_ database: SQLiteDatabase, guests: Int, nodes: Int, tier: Int, step: Int64, from: Int64, to: Int64) throws {
        let samples = step / 60
        /// Min, max, avg and p95 expressions of a column whose values lie in base + [0, range).
        func stats(_ range: String, base: String = "0") -> String {
            ["/ 2", "", "* 3 / 4", "* 9 / 10"].map { "\(base) + abs(random() % \(range)) \($0)" }.joined(separator: ", ")
        }
        let guestColumns = ["cpu", "memory", "disk_read", "disk_write", "net_in", "net_out"]
            .flatMap { c in ["min", "max", "avg", "p95"].map { "\(c)_\($0)" } }.joined(separator: ", ")
        try database.execute(
            """
            WITH RECURSIVE g(id) AS (SELECT 100 UNION ALL SELECT id + 1 FROM g WHERE id < \(99 + guests)),
            t(ts) AS (SELECT \(from) UNION ALL SELECT ts + \(step) FROM t WHERE ts + \(step) < \(to))
            INSERT INTO guest_rollup (tier, series, ts, samples, backfilled, \(guestColumns))
            SELECT \(tier), id, ts, \(samples), 0, \(stats("10000")), \(stats("4294967296", base: "1073741824")),
                \(stats("5000000")), \(stats("5000000")), \(stats("2000000")),
                \(stats("2000000"))
            FROM g, t
            """)
        let nodeColumns = ["cpu", "memory", "iowait", "load1", "guests"]
            .flatMap { c in ["min", "max", "avg", "p95"].map { "\(c)_\($0)" } }.joined(separator: ", ")
        try database.execute(
            """
            WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < \(nodes)),
            t(ts) AS (SELECT \(from) UNION ALL SELECT ts + \(step) FROM t WHERE ts + \(step) < \(to))
            INSERT INTO node_rollup (tier, series, ts, samples, backfilled, \(nodeColumns))
            SELECT \(tier), id, ts, \(samples), 0, \(stats("10000")), \(stats("10000")), \(stats("500")),
                \(stats("3200")), \(stats("200"))
            FROM n, t
            """)
    }
}
