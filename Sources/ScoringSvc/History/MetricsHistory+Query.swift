import Foundation
import SQLite

extension MetricsHistory {
    /// Whose series a query is about.
    public enum Subject: Sendable, Equatable {
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
        let raw = try rawTables.flatMap { table in
            try database.query(
                "SELECT ts, \(kind.rawColumns) FROM \(table) WHERE series = ? AND ts >= ? AND ts <= ? ORDER BY ts",
                [.integer(series), .integer(from), .integer(to)])
        }.map { row in
            RollupPart(
                ts: Int64(row.int("ts") ?? 0), samples: 1, backfilled: 0,
                stats: kind.metrics.map { metric in row.double(metric.column).map(MetricStats.init(single:)) })
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
