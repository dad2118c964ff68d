import Foundation
import SQLite

extension MetricsHistory {
    /// What one compaction batch did.
    public struct CompactionStep: Sendable, Equatable {
        /// Series whose raw samples were rolled up (or rollups pruned).
        public var series: Int
        /// Raw samples rolled up and deleted.
        public var rawSamples: Int
        /// Whether every series is compacted up to the current cutoff.
        public var finished: Bool

        public init(series: Int, rawSamples: Int, finished: Bool) {
            self.series = series
            self.rawSamples = rawSamples
            self.finished = finished
        }
    }

    /// Compacts up to `batch` series of `kind` in one transaction: their raw samples before the
    /// tiers' raw cutoff become hourly and 6-hourly rollups (merged with any already there) and
    /// are deleted, and rollups past their tier's retention are deleted. A watermark (the
    /// pass's cutoff and the last series done) is written in the same transaction, so a batch
    /// that fails or is cut short by a restart is redone whole and nothing is lost or counted twice.
    @discardableResult
    public func compactBatch(_ kind: HistoryKind, now: Date, tiers: HistoryTiers, batch: Int) async throws -> CompactionStep {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        return try await database.write { database in
            try database.transaction { try Self.compactBatch(kind, now: seconds, tiers: tiers, batch: batch, in: database) }
        }
    }

    /// Runs batches of every kind until each has finished its pass (tests, benchmarks).
    public func compactAll(now: Date, tiers: HistoryTiers, batch: Int = 500) async throws {
        for kind in HistoryKind.allCases {
            while try await !compactBatch(kind, now: now, tiers: tiers, batch: batch).finished {}
        }
    }

    private static func compactBatch(
        _ kind: HistoryKind, now: Int64, tiers: HistoryTiers, batch: Int, in database: SQLiteDatabase
    ) throws
        -> CompactionStep
    {
        if kind == .guest { try flushRecent(now: now, in: database) }
        let target = tiers.rawCutoff(now)
        let progress = try database.query("SELECT cutoff, after FROM history_progress WHERE kind = ?", [.integer(kind.rawValue)]).first
        var cutoff = progress?.int("cutoff").map(Int64.init) ?? Int64.min
        var after = progress?.int("after").map(Int64.init) ?? Int64.max
        if after == Int64.max {
            guard target > cutoff else { return CompactionStep(series: 0, rawSamples: 0, finished: true) }
            cutoff = target
            after = -1
        }
        var step = CompactionStep(series: 0, rawSamples: 0, finished: false)
        let next = try nextSeriesQueries(kind, in: database)
        while step.series < batch {
            guard let series = try next.compactMap({ try $0.query([.integer(after)]).first?.int("series").map(Int64.init) }).min() else {
                step.finished = true
                break
            }
            step.rawSamples += try rollUp(kind, series: series, before: cutoff, in: database)
            try database.execute(
                "DELETE FROM \(kind.rollupTable) WHERE tier = ? AND series = ? AND ts < ?", .integer(RollupTier.hourly.rawValue),
                .integer(series), .integer(tiers.hourlyCutoff(now)))
            try database.execute(
                "DELETE FROM \(kind.rollupTable) WHERE tier = ? AND series = ? AND ts < ?", .integer(RollupTier.sixHourly.rawValue),
                .integer(series), .integer(tiers.sixHourlyCutoff(now)))
            if kind == .guest {
                try database.execute(
                    "DELETE FROM placement_changes WHERE guest = ? AND ts < ?", .integer(series), .integer(tiers.sixHourlyCutoff(now)))
            }
            after = series
            step.series += 1
        }
        try database.execute(
            "INSERT OR REPLACE INTO history_progress (kind, cutoff, after) VALUES (?, ?, ?)", .integer(kind.rawValue),
            .integer(cutoff), .integer(step.finished ? Int64.max : after))
        return step
    }

    /// Guest samples stay in `guest_recent` for at least this long, at most twice as long.
    static let recentSeconds: Int64 = 600

    /// Moves the guest samples older than `recentSeconds` from `guest_recent` to `guest_raw`
    /// once the oldest is twice that old: series by series, so each page of `guest_raw` is
    /// written once for many samples.
    private static func flushRecent(now: Int64, in database: SQLiteDatabase) throws {
        guard let oldest = try database.query("SELECT ts FROM guest_recent ORDER BY ts LIMIT 1").first?.int("ts"),
            Int64(oldest) < now - 2 * recentSeconds
        else { return }
        let columns = "series, ts, node, status, \(HistoryKind.guest.rawColumns)"
        try database.execute(
            "INSERT OR IGNORE INTO guest_raw (\(columns)) SELECT \(columns) FROM guest_recent WHERE ts < ? ORDER BY series, ts",
            .integer(now - recentSeconds))
        try database.execute("DELETE FROM guest_recent WHERE ts < ?", .integer(now - recentSeconds))
    }

    /// Statements finding the next series id after `?` in the raw table and each rollup tier.
    private static func nextSeriesQueries(_ kind: HistoryKind, in database: SQLiteDatabase) throws -> [SQLiteStatement] {
        try [database.prepare("SELECT series FROM \(kind.rawTable) WHERE series > ? ORDER BY series LIMIT 1")]
            + RollupTier.allCases.map { tier in
                try database.prepare(
                    "SELECT series FROM \(kind.rollupTable) WHERE tier = \(tier.rawValue) AND series > ? ORDER BY series LIMIT 1")
            }
    }

    /// Rolls the raw samples of `series` before `cutoff` up into both tiers and deletes them;
    /// returns how many there were.
    private static func rollUp(_ kind: HistoryKind, series: Int64, before cutoff: Int64, in database: SQLiteDatabase) throws -> Int {
        let rows = try database.query(
            "SELECT ts, \(kind.rawColumns) FROM \(kind.rawTable) WHERE series = ? AND ts < ? ORDER BY ts",
            [.integer(series), .integer(cutoff)])
        guard !rows.isEmpty else { return 0 }
        let parts = rows.map { row in
            RollupPart(
                ts: Int64(row.int("ts") ?? 0), samples: 1, backfilled: 0,
                stats: kind.metrics.map { metric in row.double(metric.column).map(MetricStats.init(single:)) })
        }
        for tier in RollupTier.allCases {
            for part in RollupPart.buckets(parts, step: tier.seconds, metrics: kind.metrics.count) {
                try writeRollup(kind, tier: tier, series: series, part, in: database)
            }
        }
        try database.execute("DELETE FROM \(kind.rawTable) WHERE series = ? AND ts < ?", .integer(series), .integer(cutoff))
        return rows.count
    }

    /// Stores `part` as the rollup of its bucket, merged with the one already stored there; a
    /// real part replaces a rollup that was all backfilled.
    static func writeRollup(_ kind: HistoryKind, tier: RollupTier, series: Int64, _ part: RollupPart, in database: SQLiteDatabase) throws {
        let stored = try readRollups(
            kind, tier: tier, series: series, from: part.ts, through: part.ts, in: database)
        let existing = part.backfilled == 0 ? stored.filter { $0.backfilled < $0.samples } : stored
        let merged = existing.isEmpty ? part : RollupPart.merge(existing + [part], at: part.ts, metrics: kind.metrics.count)
        let values = merged.stats.flatMap { stats -> [SQLiteValue] in
            guard let stats else { return [.null, .null, .null, .null] }
            return [stats.min, stats.max, stats.avg, stats.p95].map { .integer(Int64($0.rounded())) }
        }
        try database.execute(
            """
            INSERT OR REPLACE INTO \(kind.rollupTable) (tier, series, ts, samples, backfilled, \(kind.rollupColumns))
            VALUES (?, ?, ?, ?, ?\(placeholders(values.count)))
            """,
            [.integer(tier.rawValue), .integer(series), .integer(part.ts), .integer(Int64(merged.samples)), .integer(Int64(merged.backfilled))]
                + values)
    }

    /// The rollups of `series` in `tier` starting between `from` and `through`, oldest first.
    static func readRollups(
        _ kind: HistoryKind, tier: RollupTier, series: Int64, from: Int64, through: Int64, in database: SQLiteDatabase
    ) throws -> [RollupPart] {
        var parts: [RollupPart] = []
        let metrics = Int32(kind.metrics.count)
        try database.prepare(
            """
            SELECT ts, samples, backfilled, \(kind.rollupColumns) FROM \(kind.rollupTable)
            WHERE tier = ? AND series = ? AND ts >= ? AND ts <= ? ORDER BY ts
            """
        ).forEachRow([.integer(tier.rawValue), .integer(series), .integer(from), .integer(through)]) { row in
            // Columns 3… hold min, max, avg and p95 of each metric in turn.
            parts.append(
                RollupPart(
                    ts: row.int64(0) ?? 0, samples: Int(row.int64(1) ?? 0), backfilled: Int(row.int64(2) ?? 0),
                    stats: (0..<metrics).map { metric in
                        let first = 3 + 4 * metric
                        guard let min = row.double(first), let max = row.double(first + 1), let avg = row.double(first + 2),
                            let p95 = row.double(first + 3)
                        else { return nil }
                        return MetricStats(min: min, max: max, avg: avg, p95: p95)
                    }))
        }
        return parts
    }
}
