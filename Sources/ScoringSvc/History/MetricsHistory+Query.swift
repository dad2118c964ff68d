import Foundation
import SQLite
import ScoringEngine

extension MetricsHistory {
    /// Whose series a query is about.
    public enum Subject: Sendable, Hashable {
        case node(String)
        case guest(Int)

        var kind: HistoryKind {
            if case .node = self { .node } else { .guest }
        }
    }

    /// The series of `subject` over the `window` seconds before `now`, at the step
    /// `HistoryResolution` picks for the window: raw samples and hourly rollups where they
    /// exist, 6-hourly rollups before them; `nil` when the history has no such node.
    public func series(_ subject: Subject, window: Int64, now: Date) async throws -> HistorySeries? {
        let to = Int64(now.timeIntervalSince1970.rounded(.down))
        let from = to - window
        let step = HistoryResolution.step(window: window)
        let kind = subject.kind
        let parts: [RollupPart]? = try await database.read { database in
            let series: Int64
            switch subject {
            case .node(let name):
                guard let id = try database.query("SELECT id FROM history_nodes WHERE name = ?", [.text(name)]).first?.int("id")
                else { return nil }
                series = Int64(id)
            case .guest(let vmid): series = Int64(vmid)
            }
            return try Self.parts(kind, series: series, from: from, to: to, in: database)
        }
        guard let parts else { return nil }
        let points = RollupPart.buckets(parts, step: step, metrics: kind.metrics.count)
        let metrics = kind.metrics
        return HistorySeries(
            node: { if case .node(let name) = subject { name } else { nil } }(),
            vmid: { if case .guest(let vmid) = subject { vmid } else { nil } }(),
            from: HistoryResolution.date(from), to: HistoryResolution.date(to), stepSeconds: Int(step), metrics: metrics.map(\.name),
            points: points.map { point in
                HistorySeries.Point(
                    at: HistoryResolution.date(point.ts), samples: point.samples, backfilled: point.backfilled,
                    values: zip(metrics, point.stats).reduce(into: [:]) { values, pair in
                        if let stats = pair.1 { values[pair.0.name] = stats.map(pair.0.value) }
                    })
            },
            coverage: HistoryResolution.coverage(points, step: step))
    }

    /// Every node's CPU, memory and IO wait since `start`, oldest first, for trends: one sample
    /// per raw sample, and each rollup's averages at its start where the raw ones are gone.
    public func nodeSamples(since start: Date, now: Date) async throws -> [String: [NodeSample]] {
        let from = Int64(max(0, start.timeIntervalSince1970).rounded(.down))
        let to = Int64(now.timeIntervalSince1970.rounded(.up))
        return try await database.read { database in
            var samples: [String: [NodeSample]] = [:]
            for (id, name) in try Self.nodeNames(in: database) {
                let series = try Self.parts(.node, series: id, from: from, to: to, in: database).compactMap { part -> NodeSample? in
                    guard let cpu = part.stats[0] else { return nil }
                    let metrics = HistoryMetric.node
                    return NodeSample(
                        node: name, at: HistoryResolution.date(part.ts), cpuPct: metrics[0].value(cpu.avg),
                        memoryPct: part.stats[1].map { metrics[1].value($0.avg) }, iowaitPct: part.stats[2].map { metrics[2].value($0.avg) },
                        backfilled: part.backfilled > 0 && part.backfilled >= part.samples)
                }
                if !series.isEmpty { samples[name] = series }
            }
            return samples
        }
    }

    /// Raw samples and hourly rollups of `series` between `from` and `to`, and the 6-hourly
    /// rollups of the part of the window older than both.
    private static func parts(
        _ kind: HistoryKind, series: Int64, from: Int64, to: Int64, in database: SQLiteDatabase
    ) throws
        -> [RollupPart]
    {
        // Guest samples of the last minutes are still in `guest_recent`.
        let rawTables = kind == .guest ? [kind.rawTable, "guest_recent"] : [kind.rawTable]
        let columns = Int32(kind.metrics.count)
        var raw: [RollupPart] = []
        for table in rawTables {
            try database.prepare("SELECT ts, \(kind.rawColumns) FROM \(table) WHERE series = ? AND ts >= ? AND ts <= ? ORDER BY ts")
                .forEachRow([.integer(series), .integer(from), .integer(to)]) { row in
                    raw.append(
                        RollupPart(
                            ts: row.int64(0) ?? 0, samples: 1, backfilled: 0,
                            stats: (1...columns).map { row.double($0).map(MetricStats.init(single:)) }))
                }
        }
        let hourly = try readRollups(kind, tier: .hourly, series: series, from: from, through: to, in: database)
        let firstFine =
            try [
                database.query(
                    "SELECT ts FROM \(kind.rawTable) WHERE series = ? ORDER BY ts LIMIT 1", [.integer(series)]),
                kind == .guest ? database.query("SELECT MIN(ts) AS ts FROM guest_recent WHERE series = ?", [.integer(series)]) : [],
                database.query(
                    "SELECT ts FROM \(kind.rollupTable) WHERE tier = ? AND series = ? ORDER BY ts LIMIT 1",
                    [.integer(RollupTier.hourly.rawValue), .integer(series)]),
            ].compactMap { $0.first?.int("ts").map(Int64.init) }.min() ?? Int64.max
        let sixHourly = try readRollups(
            kind, tier: .sixHourly, series: series, from: from, through: min(to, firstFine - 1), in: database)
        return sixHourly.filter { $0.ts < firstFine } + hourly + raw
    }
}

extension MetricsHistory {
    /// The CPU (%) of each of `vmids` per whole hour from `from` up to `to` (both hour starts),
    /// oldest first, in one read: each hour's rollup and raw samples combined as `series`
    /// combines them at an hourly step. Guests without samples there are left out.
    public func hourlyCPU(of vmids: [Int], from: Int64, to: Int64) async throws -> [Int: [TrendPoint]] {
        guard !vmids.isEmpty, from < to else { return [:] }
        let list = SQLiteValue.text("[" + vmids.map(String.init).joined(separator: ",") + "]")
        let scale = HistoryMetric.guest[0]
        return try await database.read { database in
            var hours: [Int64: [Int64: HourOfCPU]] = [:]
            /// Adds `add` to the hour of `series` held in `open`, first storing the one held
            /// when `add` is for another: rows come in key order, so most go to the open one.
            var open: (series: Int64, hour: Int64, cpu: HourOfCPU)?
            func close() {
                if let (series, hour, cpu) = open { hours[series, default: [:]][hour, default: HourOfCPU()].add(cpu) }
                open = nil
            }
            func add(series: Int64, ts: Int64, _ cpu: HourOfCPU) {
                let hour = HistoryTiers.floorDiv(ts, 3600) * 3600
                if let current = open, current.series == series, current.hour == hour {
                    open?.cpu.add(cpu)
                } else {
                    close()
                    open = (series, hour, cpu)
                }
            }
            let guests = "series IN (SELECT value FROM json_each(?1)) AND ts >= ?2 AND ts < ?3"
            try database.prepare(
                """
                SELECT series, ts, cpu_avg, samples, backfilled FROM guest_rollup
                WHERE tier = \(RollupTier.hourly.rawValue) AND \(guests) AND cpu_avg IS NOT NULL
                """
            ).forEachRow([list, .integer(from), .integer(to)]) { row in
                guard let series = row.int64(0), let ts = row.int64(1), let avg = row.double(2) else { return }
                add(series: series, ts: ts, HourOfCPU(rollup: avg, samples: Int(row.int64(3) ?? 0), backfilled: Int(row.int64(4) ?? 0)))
            }
            // Raw samples summed up by SQLite, an hour at a time (one row per guest and hour),
            // from the hour of the oldest raw sample of these guests: the older ones are rolled up.
            let oldest = [
                "SELECT MIN((SELECT ts FROM guest_raw WHERE series = guests.value AND ts >= ?2 AND ts < ?3 ORDER BY ts LIMIT 1)) FROM json_each(?1) AS guests",
                "SELECT MIN(ts) FROM guest_recent WHERE \(guests)",
            ]
            for (table, oldest) in zip([HistoryKind.guest.rawTable, "guest_recent"], oldest) {
                var first: Int64?
                try database.prepare(oldest).forEachRow([list, .integer(from), .integer(to)]) {
                    first = $0.int64(0)
                }
                guard let first else { continue }
                let hourly = try database.prepare(
                    "SELECT series, SUM(cpu), COUNT(cpu) FROM \(table) WHERE \(guests) AND cpu IS NOT NULL GROUP BY series")
                for hour in stride(from: HistoryTiers.floorDiv(first, 3600) * 3600, to: to, by: 3600) {
                    try hourly.forEachRow([list, .integer(max(from, hour)), .integer(min(to, hour + 3600))]) { row in
                        guard let series = row.int64(0), let sum = row.double(1), let count = row.int64(2) else { return }
                        add(series: series, ts: hour, HourOfCPU(sum: sum, count: Int(count)))
                    }
                }
            }
            close()
            var result: [Int: [TrendPoint]] = [:]
            for (series, byHour) in hours {
                let points = byHour.sorted { $0.key < $1.key }.compactMap { hour, cpu in
                    cpu.average.map { TrendPoint(at: HistoryResolution.date(hour), value: scale.value($0), backfilled: cpu.backfilled) }
                }
                if !points.isEmpty { result[Int(series)] = points }
            }
            return result
        }
    }
}

/// One hour of a guest's CPU being summed up: its rollup (at most one per hour) and its single
/// samples, combined as `RollupPart.merge` combines them; backfilled when its rollup holds only
/// samples backfilled from Proxmox's RRD and no real sample joined it.
struct HourOfCPU {
    var rollup: (avg: Double, samples: Int)?
    var sum = 0.0
    var count = 0
    var rollupBackfilled = false

    init() {}

    /// A stored rollup; one of a single real sample counts as that sample, as in `RollupPart.merge`.
    init(rollup avg: Double, samples: Int, backfilled: Int) {
        if samples == 1 && backfilled == 0 {
            self.init(single: avg)
        } else {
            self.init()
            rollup = (avg, samples)
            rollupBackfilled = backfilled >= samples
        }
    }

    /// One raw sample.
    init(single value: Double) {
        self.init(sum: value, count: 1)
    }

    /// `count` raw samples adding up to `sum`.
    init(sum: Double, count: Int) {
        self.sum = sum
        self.count = count
    }

    mutating func add(_ other: HourOfCPU) {
        if rollup == nil {
            rollup = other.rollup
            rollupBackfilled = other.rollupBackfilled
        }
        sum += other.sum
        count += other.count
    }

    /// The hour's average (stored units): the rollup's and the samples' exact mean weighted by
    /// their samples (`MetricStats.combine`); nil without either.
    var average: Double? {
        var pieces = rollup.map { [(stats: MetricStats(single: $0.avg), samples: $0.samples)] } ?? []
        if count > 0 { pieces.append((MetricStats(single: sum / Double(count)), count)) }
        return MetricStats.combine(pieces)?.avg
    }

    /// Whether the hour's samples were all backfilled.
    var backfilled: Bool { rollupBackfilled && count == 0 }
}
