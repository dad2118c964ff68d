import Contract
import Foundation
import SQLite

/// What scoring's advice led to, in SQLite for `retention`: every usable plan (cluster health
/// before → after, moves proposed and skipped) with each node's scores, the moves recommended,
/// the executor's completed migrations, and users' feedback. Pruned a batch at a time.
public struct OutcomeHistory: Sendable {
    /// How long everything is kept.
    public static let retention: TimeInterval = 30 * 86_400
    /// Rows deleted per table and plan at most.
    public static let pruneBatch = 1000
    /// Where the observed CPU of a move's target is taken, seconds after it finished.
    public static let observation: ClosedRange<Int64> = 300...900

    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    /// A request's `window` in seconds (as `HistoryRequest` reads it, default 24 h), at most
    /// `retention`; `invalid` naming `window` otherwise.
    public static func window(_ text: String?) throws(ReplyError) -> Int64 {
        let outside = ReplyError.invalid("window: '\(text?.prefix(40) ?? "")' is outside 1h to 30d")
        let seconds: Int64
        do {
            seconds = try HistoryRequest(node: "", window: text).windowSeconds()
        } catch {
            // The metrics history's own range (to 90 d) is not this one.
            throw error.message.contains("outside") ? outside : error
        }
        guard seconds <= Int64(retention) else { throw outside }
        return seconds
    }

    /// Stores `plan` with every node's scores (suitability from `scores`) and its moves.
    public func record(_ plan: RecommendationSet, scores: NodeScoresReport) async throws {
        let ts = Self.seconds(plan.generatedAt)
        let suitability = scores.nodes.reduce(into: [String: Double]()) { $0[$1.node] = $1.score?.suitability }
        try await database.write { database in
            try database.transaction {
                let summary = plan.summary
                try database.execute(
                    "INSERT OR REPLACE INTO plan_history (ts, cycle, status, health_before, health_after, proposed, skipped) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    .integer(ts), .integer(Int64(plan.snapshotCycle)), .text(plan.status.rawValue), .real(summary.clusterHealthBefore),
                    .real(summary.clusterHealthAfter), .integer(Int64(plan.recommendations.count)), .integer(Int64(plan.skipped.count)))
                let node = try database.prepare(
                    "INSERT OR REPLACE INTO node_score_history (node, ts, score_before, score_after, suitability) VALUES (?, ?, ?, ?, ?)")
                for forecast in summary.nodes {
                    try node.execute(
                        .text(forecast.node), .integer(ts), .real(forecast.scoreBefore), .real(forecast.scoreAfter),
                        suitability[forecast.node].map(SQLiteValue.real) ?? .null)
                }
                let move = try database.prepare(
                    """
                    INSERT INTO proposed_moves (id, kind, vmid, first_ts, last_ts) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, last_ts = MAX(last_ts, excluded.last_ts)
                    """)
                for recommendation in plan.recommendations {
                    try move.execute(
                        .text(recommendation.id), .text(recommendation.kind.rawValue), .integer(Int64(recommendation.vmid)), .integer(ts),
                        .integer(ts))
                }
            }
        }
    }

    /// Stores a completed, real migration (others are ignored).
    public func record(_ migration: MigrationStatus) async throws {
        guard migration.state == .completed, !migration.dryRun else { return }
        let finished = Self.seconds(migration.finishedAt ?? migration.createdAt)
        try await database.write { database in
            try database.execute(
                """
                INSERT OR IGNORE INTO executed_moves (migration, recommendation, vmid, target, created_ts, finished_ts, predicted_target_cpu)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                .text(migration.id), migration.recommendationId.map(SQLiteValue.text) ?? .null, .integer(Int64(migration.vmid)),
                .text(migration.target), .integer(Self.seconds(migration.createdAt)), .integer(finished),
                migration.prediction.map { .real($0.targetCpuPctAfter) } ?? .null)
        }
    }

    /// Deletes at most `batch` rows per table older than `retention` before `now`; returns how
    /// many it deleted.
    @discardableResult
    public func prune(now: Date, batch: Int = pruneBatch) async throws -> Int {
        let cutoff = Self.seconds(now) - Int64(Self.retention)
        let tables = [
            ("plan_history", "ts"), ("node_score_history", "ts"), ("proposed_moves", "last_ts"), ("executed_moves", "created_ts"),
            ("feedback", "ts"),
        ]
        return try await database.write { database in
            try database.transaction {
                var deleted = 0
                for (table, column) in tables {
                    try database.execute(
                        "DELETE FROM \(table) WHERE rowid IN (SELECT rowid FROM \(table) WHERE \(column) < ? LIMIT ?)", .integer(cutoff),
                        .integer(Int64(batch)))
                    deleted += try database.query("SELECT changes() AS n").first?.int("n") ?? 0
                }
                return deleted
            }
        }
    }

    /// Rows kept per table, for tests and checks.
    public func rowCounts() async throws -> [String: Int] {
        try await database.read { database in
            try ["plan_history", "node_score_history", "proposed_moves", "executed_moves", "feedback"].reduce(into: [:]) { counts, table in
                counts[table] = try database.query("SELECT COUNT(*) AS n FROM \(table)").first?.int("n") ?? 0
            }
        }
    }

    /// The scores of `node` (or the cluster's health for `nil`) over the `window` seconds before
    /// `now`, averaged per `HistoryResolution.step(window:)`.
    public func scoreSeries(node: String?, window: Int64, now: Date) async throws -> ScoreHistorySeries {
        let to = Self.seconds(now)
        let from = to - window
        let step = HistoryResolution.step(window: window)
        let points = try await database.read { database in
            let rows: [SQLiteRow]
            if let node {
                rows = try database.query(
                    """
                    SELECT (ts / ?) * ? AS bucket, COUNT(*) AS plans, AVG(score_before) AS a, AVG(score_after) AS b, AVG(suitability) AS c
                    FROM node_score_history WHERE node = ? AND ts >= ? AND ts <= ? GROUP BY bucket ORDER BY bucket
                    """, [.integer(step), .integer(step), .text(node), .integer(from), .integer(to)])
            } else {
                rows = try database.query(
                    """
                    SELECT (ts / ?) * ? AS bucket, COUNT(*) AS plans, AVG(health_before) AS a, AVG(health_after) AS b, NULL AS c
                    FROM plan_history WHERE ts >= ? AND ts <= ? GROUP BY bucket ORDER BY bucket
                    """, [.integer(step), .integer(step), .integer(from), .integer(to)])
            }
            return rows.map { row in
                let at = Date(timeIntervalSince1970: Double(row.int("bucket") ?? 0))
                let a = row.double("a").map { Rounding.round($0) }
                let b = row.double("b").map { Rounding.round($0) }
                return node == nil
                    ? ScoreHistoryPoint(at: at, plans: row.int("plans") ?? 0, healthBefore: a, healthAfter: b)
                    : ScoreHistoryPoint(
                        at: at, plans: row.int("plans") ?? 0, scoreBefore: a, scoreAfter: b,
                        suitability: row.double("c").map { Rounding.round($0) })
            }
        }
        return ScoreHistorySeries(
            node: node, from: Date(timeIntervalSince1970: Double(from)), to: Date(timeIntervalSince1970: Double(to)),
            stepSeconds: Int(step), points: points)
    }

    /// The plans of the `window` seconds before `now`, newest first, at most `limit`, each with
    /// the completed migrations of a recommended move created while it was the latest plan.
    public func planHistory(window: Int64, limit: Int, now: Date) async throws -> PlanHistory {
        let to = Self.seconds(now)
        let from = to - window
        return try await database.read { database in
            let total =
                try database.query(
                    "SELECT COUNT(*) AS n FROM plan_history WHERE ts >= ? AND ts <= ?", [.integer(from), .integer(to)]
                ).first?.int("n") ?? 0
            let rows = try database.query(
                """
                SELECT p.ts, p.cycle, p.status, p.health_before, p.health_after, p.proposed, p.skipped,
                    (SELECT COUNT(*) FROM executed_moves e WHERE e.recommendation IS NOT NULL AND e.created_ts >= p.ts
                        AND e.created_ts < COALESCE((SELECT MIN(n.ts) FROM plan_history n WHERE n.ts > p.ts), ? + 1)) AS executed
                FROM plan_history p WHERE p.ts >= ? AND p.ts <= ? ORDER BY p.ts DESC LIMIT ?
                """, [.integer(to), .integer(from), .integer(to), .integer(Int64(limit))])
            let plans = rows.compactMap { row -> PlanCycle? in
                guard let ts = row.int("ts"), let status = row.string("status").flatMap(PlanStatus.init) else { return nil }
                return PlanCycle(
                    at: Date(timeIntervalSince1970: Double(ts)), cycle: row.int("cycle") ?? 0, status: status,
                    proposed: row.int("proposed") ?? 0, executed: row.int("executed") ?? 0, skipped: row.int("skipped") ?? 0,
                    healthBefore: row.double("health_before") ?? 0, healthAfter: row.double("health_after") ?? 0)
            }
            return PlanHistory(total: total, plans: plans)
        }
    }

    /// The kind of the move `id` when a kept plan recommended it.
    public func recommendationKind(_ id: String) async throws -> String? {
        try await database.read { database in
            try database.query("SELECT kind FROM proposed_moves WHERE id = ?", [.text(id)]).first?.string("kind")
        }
    }

    /// Stores one vote.
    public func addFeedback(_ entry: FeedbackEntry, at: Date) async throws {
        try await database.write { database in
            try database.execute(
                "INSERT INTO feedback (recommendation, kind, helpful, reason, ts) VALUES (?, ?, ?, ?, ?)", .text(entry.recommendationID),
                .text(entry.kind), .integer(entry.helpful ? 1 : 0), entry.reason.map(SQLiteValue.text) ?? .null, .integer(Self.seconds(at)))
        }
    }

    /// Every vote kept.
    public func feedback() async throws -> [FeedbackEntry] {
        try await database.read { database in
            try database.query("SELECT recommendation, kind, helpful, reason FROM feedback ORDER BY id").map { row in
                FeedbackEntry(
                    recommendationID: row.string("recommendation") ?? "", kind: row.string("kind") ?? "", helpful: row.int("helpful") == 1,
                    reason: row.string("reason"))
            }
        }
    }

    /// The facts of the success metrics at `now`, first filling in the observed target CPU of
    /// completed moves whose observation window has passed (from the node history).
    public func facts(now: Date) async throws -> OutcomeFacts {
        let to = Self.seconds(now)
        let cpu = HistoryMetric.node[0]
        return try await database.write { database in
            try database.transaction {
                try database.execute(
                    """
                    UPDATE executed_moves SET observed_target_cpu = (
                        SELECT AVG(r.\(cpu.column)) / \(cpu.scale) FROM node_raw r JOIN history_nodes h ON h.id = r.series
                        WHERE h.name = executed_moves.target AND r.ts >= executed_moves.finished_ts + ? AND r.ts <= executed_moves.finished_ts + ?)
                    WHERE observed_target_cpu IS NULL AND predicted_target_cpu IS NOT NULL AND finished_ts + ? <= ?
                    """, .integer(Self.observation.lowerBound), .integer(Self.observation.upperBound), .integer(Self.observation.upperBound),
                    .integer(to))
                let proposals = try database.query("SELECT id, last_ts FROM proposed_moves").map {
                    OutcomeFacts.Proposal(id: $0.string("id") ?? "", lastProposed: Date(timeIntervalSince1970: Double($0.int("last_ts") ?? 0)))
                }
                let executions = try database.query(
                    "SELECT recommendation, created_ts, predicted_target_cpu, observed_target_cpu FROM executed_moves"
                ).map {
                    OutcomeFacts.Execution(
                        recommendationID: $0.string("recommendation"), createdAt: Date(timeIntervalSince1970: Double($0.int("created_ts") ?? 0)),
                        predictedTargetCpuPct: $0.double("predicted_target_cpu"), observedTargetCpuPct: $0.double("observed_target_cpu"))
                }
                let moved = try database.query(
                    "SELECT guest FROM placement_changes WHERE ts > ?", [.integer(to - Int64(SuccessMetricsCalculation.churnHours) * 3600)]
                ).compactMap { $0.int("guest") }
                // Hourly means: a fortnight of plans once a minute is 336 rows, not 20,160.
                let health = try database.query(
                    """
                    SELECT (ts / 3600) * 3600 AS hour, AVG(health_before) AS health, COUNT(*) AS plans FROM plan_history
                    WHERE ts > ? GROUP BY hour
                    """, [.integer(to - 14 * 86_400)]
                ).map {
                    OutcomeFacts.Health(
                        at: Date(timeIntervalSince1970: Double($0.int("hour") ?? 0)), healthBefore: $0.double("health") ?? 0,
                        plans: $0.int("plans") ?? 0)
                }
                return OutcomeFacts(proposals: proposals, executions: executions, movedGuests: moved, health: health)
            }
        }
    }

    /// When the last digest was sent (or counting started), if ever.
    public func lastDigest() async throws -> Date? {
        try await database.read { database in
            try database.query("SELECT ts FROM outcome_marks WHERE key = 'digest'").first?.int("ts").map { Date(timeIntervalSince1970: Double($0)) }
        }
    }

    /// Records `at` as the last digest.
    public func setLastDigest(_ at: Date) async throws {
        try await database.write { database in
            try database.execute("INSERT OR REPLACE INTO outcome_marks (key, ts) VALUES ('digest', ?)", .integer(Self.seconds(at)))
        }
    }

    static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
