import Contract
import Foundation
import Logging
import SQLite
import ScoringEngine
import ScoringSvc
import TestSupport

/// Scoring's outcome history at its 30-day size: one plan a minute with every node's scores,
/// inserted directly (SQL over generated series); the measured recording, success metrics and
/// queries use the real code.
enum OutcomeBenchmark {
    static func run(nodes: Int, guests: Int, logger: Logger) async throws -> BenchReport.Outcomes {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pb-bench-outcomes-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let now = Date(timeIntervalSince1970: 1_800_014_400)
        let to = Int64(now.timeIntervalSince1970)
        let from = to - 30 * 86_400
        let database = try ScoringDatabase.open(directory: directory, cluster: "outcomes", logger: logger)
        let history = OutcomeHistory(database: database)
        let snapshot = SyntheticCluster.snapshot(nodes: nodes, guests: guests, seed: 42, at: now)
        let input = PlanInput(snapshot: snapshot, settings: ScoringSettings(), now: now)
        let plan = Planner.plan(input)
        let scores = Planner.scores(input)
        let names = snapshot.nodes.map(\.name)
        let (_, fillSeconds) = try await measure {
            try database.execute(
                """
                WITH RECURSIVE t(ts) AS (SELECT \(from) UNION ALL SELECT ts + 60 FROM t WHERE ts + 60 < \(to))
                INSERT INTO plan_history (ts, cycle, status, health_before, health_after, proposed, skipped)
                SELECT ts, (ts - \(from)) / 60, 'recommendations', 50 + abs(random() % 30), 70 + abs(random() % 20), 3, 5 FROM t
                """)
            for name in names {
                try database.execute(
                    """
                    WITH RECURSIVE t(ts) AS (SELECT \(from) UNION ALL SELECT ts + 60 FROM t WHERE ts + 60 < \(to))
                    INSERT INTO node_score_history (node, ts, score_before, score_after, suitability)
                    SELECT ?, ts, abs(random() % 100), abs(random() % 100), abs(random() % 100) FROM t
                    """, .text(name))
            }
            try database.execute(
                """
                WITH RECURSIVE g(id) AS (SELECT 100 UNION ALL SELECT id + 1 FROM g WHERE id < \(99 + min(guests, 2_000)))
                INSERT INTO proposed_moves (id, kind, vmid, first_ts, last_ts)
                SELECT id || ':a:b', 'distribution_balancing', id, \(from) + id * 60, \(from) + id * 120 FROM g
                """)
        }
        var record: [Double] = []
        var metrics: [Double] = []
        for index in 1...5 {
            var next = plan
            next.generatedAt = now.addingTimeInterval(Double(index))
            let (_, recordSeconds) = try await measure {
                try await history.record(next, scores: scores)
                try await history.prune(now: next.generatedAt)
            }
            record.append(recordSeconds * 1000)
            let (_, metricsSeconds) = try await measure {
                SuccessMetricsCalculation.metrics(try await history.facts(now: next.generatedAt), cluster: "outcomes", now: next.generatedAt)
            }
            metrics.append(metricsSeconds * 1000)
        }
        var nodeMonth = Double.infinity
        var clusterMonth = Double.infinity
        var plans = Double.infinity
        var points = 0
        for _ in 0..<3 {
            let (series, nodeSeconds) = try await measure {
                try await history.scoreSeries(node: names[0], window: 30 * 86_400, now: now)
            }
            nodeMonth = min(nodeMonth, nodeSeconds * 1000)
            points = series.points.count
            let (_, clusterSeconds) = try await measure { try await history.scoreSeries(node: nil, window: 30 * 86_400, now: now) }
            clusterMonth = min(clusterMonth, clusterSeconds * 1000)
            let (_, planSeconds) = try await measure { try await history.planHistory(window: 30 * 86_400, limit: 500, now: now) }
            plans = min(plans, planSeconds * 1000)
        }
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let path = (directory as NSString).appendingPathComponent(ScoringDatabase.fileName(cluster: "outcomes"))
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? -1
        return BenchReport.Outcomes(
            nodes: nodes, plans: 30 * 1440, fillSeconds: fillSeconds, recordAndPruneMilliseconds: record, metricsMilliseconds: metrics,
            nodeScoreHistory30DayMilliseconds: nodeMonth, nodeScoreHistory30DayPoints: points, clusterScoreHistory30DayMilliseconds: clusterMonth,
            planHistory500Milliseconds: plans, databaseMegabytes: Double(bytes) / 1_048_576,
            note: "30 days of one plan a minute inserted directly; recording, metrics and queries use the real code")
    }
}
