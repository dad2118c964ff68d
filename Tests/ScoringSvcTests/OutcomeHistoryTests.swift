import Contract
import Foundation
import Logging
import MQTT
import ScoringSvc
import TestSupport
import Testing

/// The outcome history behind a scorer with an injected clock and a real SQLite file.
@Suite("Outcomes: the scorer's outcome history", .serialized, .timeLimit(.minutes(2)))
struct OutcomeHistoryTests {
    let directory: TemporaryDirectory
    let topics = Topics(cluster: ServiceFixtures.cluster)
    let logger = Logger(label: "scorer-outcomes-test")

    init() throws {
        directory = try TemporaryDirectory(prefix: "scoring-outcomes")
    }

    func scorer(_ bus: RecordingBus, _ clock: TestClock) async throws -> Scorer {
        try await Scorer(
            database: try ScoringDatabase.open(directory: directory.path, logger: logger), bus: bus, topics: topics, now: { clock.now },
            logger: logger)
    }

    func reply<T: Decodable>(_ answer: [UInt8], as type: T.Type) throws -> Reply<T> {
        try MessageCoding.decode(Reply<T>.self, from: Data(answer))
    }

    @Test("six weeks of plans every 6 hours: only the last 30 days are kept and answered")
    func retention() async throws {
        let bus = RecordingBus()
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let scorer = try await scorer(bus, clock)
        for cycle in 1...(6 * 7 * 4) {
            await scorer.receive(ServiceFixtures.snapshot(at: clock.now, cycle: cycle))
            clock.advance(6 * 3600)
        }
        let history = OutcomeHistory(database: try ScoringDatabase.open(directory: directory.path, logger: logger))
        let counts = try await history.rowCounts()
        // 30 days of 4 plans a day, plus the plan exactly at the cutoff.
        #expect(counts["plan_history"] == 30 * 4 + 1)
        #expect(counts["node_score_history"] == 3 * (30 * 4 + 1))

        let cluster = try reply(await scorer.scoreHistory(Data(#"{"id":"c","window":"30d"}"#.utf8)), as: ScoreHistorySeries.self)
        let series = try #require(cluster.result)
        #expect(series.node == nil && series.stepSeconds == 6 * 3600)
        #expect(series.points.count == 30 * 4)
        #expect(series.points.allSatisfy { $0.healthBefore != nil && $0.scoreBefore == nil })
        let node = try #require(
            try reply(await scorer.scoreHistory(Data(#"{"id":"n","node":"pve1","window":"7d"}"#.utf8)), as: ScoreHistorySeries.self).result)
        #expect(node.stepSeconds == 3600 && node.points.count == 7 * 4)
        #expect(node.points.allSatisfy { $0.scoreBefore != nil && $0.suitability != nil })

        let tooLong = try reply(await scorer.scoreHistory(Data(#"{"id":"x","window":"31d"}"#.utf8)), as: JSONValue.self)
        #expect(tooLong.error == ReplyError.invalid("window: '31d' is outside 1h to 30d"))
        let past = try reply(await scorer.scoreHistory(Data(#"{"id":"x","window":"120d"}"#.utf8)), as: JSONValue.self)
        #expect(past.error == ReplyError.invalid("window: '120d' is outside 1h to 30d"))
        let unknown = try reply(await scorer.scoreHistory(Data(#"{"id":"u","node":"pve9"}"#.utf8)), as: JSONValue.self)
        #expect(unknown.error?.code == "not_found" && unknown.error?.message.hasPrefix("node:") == true)

        // A week later with no plans, 28 plans have expired: a batch of 10 deletes 10 plans and
        // 10 node scores (the moves were proposed until the last plan).
        clock.advance(7 * 86_400)
        #expect(try await history.prune(now: clock.now, batch: 10) == 20)
        #expect(try await history.rowCounts()["plan_history"] == 30 * 4 + 1 - 10)
    }

    @Test("the weekly digest is sent once a week, and not again after a restart")
    func digestOnceAcrossRestart() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        func digests(_ bus: RecordingBus) throws -> [BusEvent] {
            try bus.decoded(BusEvent.self, on: topics.events(.recommendations)).filter { $0.kind == "digest" }
        }
        let first = RecordingBus()
        var scorer = try await scorer(first, clock)
        await scorer.receive(ServiceFixtures.snapshot(at: clock.now, cycle: 1))
        #expect(try digests(first).isEmpty)
        clock.advance(WeeklyDigest.interval - 60)
        await scorer.receive(ServiceFixtures.snapshot(at: clock.now, cycle: 2))
        #expect(try digests(first).isEmpty)
        clock.advance(60)
        await scorer.receive(ServiceFixtures.snapshot(at: clock.now, cycle: 3))
        await scorer.receive(ServiceFixtures.snapshot(at: clock.now.addingTimeInterval(30), cycle: 4))
        let sent = try digests(first)
        #expect(sent.count == 1)
        #expect(sent.first?.severity == .info && sent.first?.title == "\(ServiceFixtures.cluster): weekly summary")

        let second = RecordingBus()
        scorer = try await self.scorer(second, clock)
        clock.advance(3600)
        await scorer.receive(ServiceFixtures.snapshot(at: clock.now, cycle: 5))
        #expect(try digests(second).isEmpty)
        clock.advance(WeeklyDigest.interval)
        await scorer.receive(ServiceFixtures.snapshot(at: clock.now, cycle: 6))
        #expect(try digests(second).count == 1)
    }

    @Test("an executed recommendation counts in its plan, the acceptance rate and the prediction accuracy")
    func executedMove() async throws {
        let bus = RecordingBus()
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let scorer = try await scorer(bus, clock)
        await scorer.receive(ServiceFixtures.snapshot(at: clock.now, cycle: 1))
        let plan = try #require(try bus.decoded(RecommendationSet.self, on: topics.recommendations).last)
        let move = try #require(plan.recommendations.first)

        // The fixture's target CPU, which every later snapshot shows.
        let targetCpu = try #require(ServiceFixtures.snapshot().nodes.first { $0.name == move.target }?.cpuPct)
        clock.advance(30)
        var migration = MigrationStatus(
            id: "m1", cluster: topics.cluster, commandId: nil, origin: .automation, vmid: move.vmid, name: move.name, type: move.type,
            source: move.source, target: move.target, state: .completed, dryRun: false, haManaged: false, message: "done",
            command: move.command, createdAt: clock.now)
        migration.recommendationId = move.id
        migration.finishedAt = clock.now.addingTimeInterval(60)
        migration.prediction = MovePrediction(
            scoreImprovement: 10, sourceCpuPctBefore: 82, sourceCpuPctAfter: 60, targetCpuPctBefore: targetCpu, targetCpuPctAfter: targetCpu + 9,
            confidence: 70, riskScore: 20)
        await scorer.receive(migration: migration, id: "m1")
        // Snapshots every minute for 20 minutes: the target's CPU is observed 5 to 15 minutes after.
        for cycle in 2...21 {
            clock.advance(60)
            await scorer.receive(ServiceFixtures.snapshot(at: clock.now, cycle: cycle))
        }
        let history = try #require(
            try reply(await scorer.planHistory(Data(#"{"id":"p","window":"1h","limit":500}"#.utf8)), as: PlanHistory.self).result)
        #expect(history.total == 21)
        #expect(history.plans.last?.cycle == 1 && history.plans.last?.executed == 1 && history.plans.last?.proposed == plan.recommendations.count)
        #expect(history.plans.dropLast().allSatisfy { $0.executed == 0 })

        let metrics = try #require(try bus.decoded(SuccessMetrics.self, on: topics.successMetrics).last)
        #expect(metrics.acceptance.first { $0.days == 7 }?.executed == 1)
        #expect(metrics.predictionAccuracy == SuccessMetrics.PredictionAccuracy(moves: 1, meanAbsoluteErrorPct: 9, within10Pct: 1))
        #expect(bus.published.filter { $0.topic == topics.successMetrics }.allSatisfy { $0.retain })

        let bad = try reply(await scorer.planHistory(Data(#"{"id":"p","limit":0}"#.utf8)), as: JSONValue.self)
        #expect(bad.error?.code == "invalid" && bad.error?.message.hasPrefix("limit:") == true)
    }
}
