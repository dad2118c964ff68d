import Contract
import Foundation
import SQLite
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

@Suite("History: backfill from Proxmox RRD", .timeLimit(.minutes(2)))
struct HistoryBackfillTests {
    typealias B = MetricsHistoryFixture
    let fixture: MetricsHistoryFixture
    /// A 6-hour boundary.
    let now = Date(timeIntervalSince1970: 1_800_014_400)
    let tiers = HistoryTiers()

    init() throws {
        fixture = try MetricsHistoryFixture()
    }

    /// 70 RRD points `step` apart, the last one at `now`; CPU `cpu(index)`, its MAX 10 points higher.
    func series(step: TimeInterval, cpu: (Int) -> Double = { 20 + Double($0 % 10) }) -> HistoryBackfill.Series {
        let times = (0..<70).map { now.addingTimeInterval(-Double(69 - $0) * step) }
        return HistoryBackfill.Series(
            averages: times.enumerated().map { index, at in
                RRDSeries.Point(at: at, cpuPct: cpu(index), memoryPct: 50, iowaitPct: 1, load1: 2)
            } + [RRDSeries.Point(at: now.addingTimeInterval(-100 * step))],
            maxima: times.enumerated().map { index, at in RRDSeries.Point(at: at, cpuPct: cpu(index) + 10, memoryPct: 60) })
    }

    func rows(_ database: SQLiteDatabase, _ sql: String) throws -> [SQLiteRow] { try database.query(sql) }

    @Test("an RRD point is one backfilled sample: AVERAGE is its average and minimum, MAX its maximum and 95th percentile")
    func mapping() async throws {
        let (database, history) = try fixture.open()
        try await history.ingest(B.snapshot(at: now))
        let written = try await history.backfill(.node("pve1"), from: [series(step: 10_800)], now: now, tiers: tiers)
        #expect(written > 0)
        // A 3-hour point fills the hourly rollup it starts in, alone.
        let hour = now.timeIntervalSince1970 - 3 * 10_800
        let row = try #require(
            try database.query(
                "SELECT * FROM node_rollup WHERE tier = 1 AND ts = ? AND series = (SELECT id FROM history_nodes WHERE name = 'pve1')",
                [.integer(Int64(hour))]
            ).first)
        #expect(row.int("samples") == 1 && row.int("backfilled") == 1)
        // Index 66 of 70: cpu 26 % (stored ×100), its MAX 36 %.
        #expect(row.int("cpu_avg") == 2600 && row.int("cpu_min") == 2600)
        #expect(row.int("cpu_max") == 3600 && row.int("cpu_p95") == 3600)
        #expect(row.int("memory_max") == 6000 && row.int("iowait_max") == 100)
        // Proxmox's RRD has no running guest count.
        #expect(row.int("guests_avg") == nil)
    }

    @Test("backfill fills only before the first real sample, marks it, and a repeated backfill adds nothing")
    func beforeRealHistoryOnce() async throws {
        let (database, history) = try fixture.open()
        try await history.ingest(B.snapshot(at: now.addingTimeInterval(-1800)))
        try await history.ingest(B.snapshot(at: now))
        let rrd = [series(step: 10_800), series(step: 43_200)]
        let first = try await history.backfill(.node("pve1"), from: rrd, now: now, tiers: tiers)
        #expect(first > 0)
        #expect(try await history.backfill(.node("pve1"), from: rrd, now: now, tiers: tiers) == 0)
        #expect(try B.count(database, "node_rollup") == first)
        #expect(try B.count(database, "node_raw") == 6)
        let latest = try rows(database, "SELECT MAX(ts) AS ts FROM node_rollup").first?.int("ts")
        #expect(try #require(latest) + 3600 <= Int(now.timeIntervalSince1970 - 1800))

        let week = try #require(try await history.series(.node("pve1"), window: 7 * 86_400, now: now))
        let backfilled = week.points.filter(\.isBackfilled)
        #expect(backfilled.count >= 50)
        #expect(week.coverage.backfilledSamples == backfilled.reduce(0) { $0 + ($1.backfilled ?? 0) })
        #expect(week.coverage.spanSeconds >= 6 * 86_400)
        #expect(week.coverage.realSpanSeconds == 3600)
        let real = try #require(week.points.last)
        #expect(real.backfilled == nil && real.samples == 1 && !real.isBackfilled)
        // Before the hourly backfill, the month's 12-hour points fill 6-hourly rollups.
        let month = try #require(try await history.series(.node("pve1"), window: 30 * 86_400, now: now))
        #expect(month.points.first.map { now.timeIntervalSince($0.at) > 20 * 86_400 } == true)
        let state = try await history.backfillState(.node("pve1"))
        #expect(state.backfilled && state.firstReal == now.addingTimeInterval(-1800))
    }

    @Test("a real rollup replaces the backfilled one of its bucket")
    func realReplacesBackfilled() async throws {
        let (database, history) = try fixture.open()
        try await history.ingest(B.snapshot(at: now))
        try await history.backfill(.guest(101), from: [series(step: 10_800)], now: now, tiers: tiers)
        let bucket = now.addingTimeInterval(-3 * 10_800)
        // A late snapshot from inside a backfilled hour, rolled up later.
        try await history.ingest(B.snapshot(at: bucket.addingTimeInterval(600)))
        try await history.compactAll(now: now.addingTimeInterval(3 * 86_400), tiers: tiers)
        let row = try #require(
            try database.query(
                "SELECT samples, backfilled, cpu_avg FROM guest_rollup WHERE tier = 1 AND series = 101 AND ts = ?",
                [
                    .integer(Int64(bucket.timeIntervalSince1970))
                ]
            ).first)
        #expect(row.int("samples") == 1 && row.int("backfilled") == 0)
        #expect(row.int("cpu_avg") == Int((B.cpu(at: bucket.addingTimeInterval(600)) / 2 * 100).rounded()))
    }

    @Test("node trends say how many of their samples were backfilled and how long the real history is")
    func trendCoverage() async throws {
        let (_, history) = try fixture.open()
        for minutes in stride(from: 0, through: 120, by: 10) {
            try await history.ingest(B.snapshot(at: now.addingTimeInterval(Double(minutes) * 60)))
        }
        try await history.backfill(.node("pve1"), from: [series(step: 10_800)], now: now, tiers: tiers)
        let later = now.addingTimeInterval(7200)
        let window = SampleWindow(try await history.nodeSamples(since: later.addingTimeInterval(-7 * 86_400), now: later))
        let trend = try #require(window.nodeTrends(now: later, PenaltyConfiguration())["pve1"]?.cpu)
        #expect(trend.coverage.samples == 13 + trend.coverage.backfilledSamples)
        #expect(trend.coverage.backfilledSamples >= 50)
        #expect(abs(trend.coverage.realSpanHours - 2) < 0.01)
        #expect(trend.coverage.spanHours > 6 * 24)
    }
}

/// Answers `rrd` requests from memory, or fails as told.
struct FakeRRDSource: RRDSource {
    var failure: (any Error & Sendable)?
    var points: [RRDSeries.Point]

    func rrd(_ request: RRDRequest, cluster: String) async throws -> RRDSeries {
        if let failure { throw failure }
        return RRDSeries(node: request.node ?? "pve1", vmid: request.vmid, timeframe: request.timeframe, cf: request.consolidation, points: points)
    }
}

@Suite("History: backfill runs", .timeLimit(.minutes(2)))
struct HistoryBackfillerTests {
    let fixture: MetricsHistoryFixture
    let now = Date(timeIntervalSince1970: 1_800_014_400)

    init() throws {
        fixture = try MetricsHistoryFixture()
    }

    @Test("a run asks for every node and at most 50 running guests, most loaded first, and not again once done")
    func candidates() async throws {
        var snapshot = ServiceFixtures.snapshot(at: now)
        let template = snapshot.guests[0]
        snapshot.guests = (0..<80).map { index in
            var guest = template
            guest.vmid = 1000 + index
            guest.cpuPct = Double(index)
            guest.status = index % 2 == 0 ? "running" : "stopped"
            return guest
        }
        var backfiller = HistoryBackfiller()
        let first = backfiller.start(snapshot, now: now)
        #expect(Array(first.prefix(snapshot.nodes.count)) == snapshot.nodes.map { MetricsHistory.Subject.node($0.name) })
        let guests = first.dropFirst(snapshot.nodes.count)
        #expect(guests.count == 40)
        #expect(guests.first == .guest(1078))
        let again = backfiller.start(snapshot, now: now)
        #expect(again.isEmpty, "one run at a time")
        var outcome = HistoryBackfiller.Outcome()
        outcome.done = first
        let logged = backfiller.finish(outcome, now: now)
        #expect(!logged)
        let afterDone = backfiller.start(snapshot, now: now)
        #expect(afterDone.isEmpty)
    }

    @Test("a silent collector ends the run, is logged once and retried after a while; a refusal is not asked again")
    func failures() async throws {
        let (_, history) = try fixture.open()
        try await history.ingest(MetricsHistoryFixture.snapshot(at: now))
        let silent = FakeRRDSource(failure: RRDSourceUnavailable(description: "timeout"), points: [])
        let subjects: [MetricsHistory.Subject] = [.node("pve1"), .guest(101)]
        var backfiller = HistoryBackfiller()
        let snapshot = ServiceFixtures.snapshot(at: now)
        let started = backfiller.start(snapshot, now: now)
        #expect(!started.isEmpty)
        var outcome = await HistoryBackfiller.run(subjects, cluster: "lab", source: silent, history: history, now: now, tiers: HistoryTiers())
        #expect(outcome.unavailable == "timeout" && outcome.done.isEmpty)
        let logged = backfiller.finish(outcome, now: now)
        #expect(logged)
        let tooSoon = backfiller.start(snapshot, now: now.addingTimeInterval(60))
        #expect(tooSoon.isEmpty)
        let retried = backfiller.start(snapshot, now: now.addingTimeInterval(HistoryBackfiller.retrySeconds))
        #expect(!retried.isEmpty)
        let loggedAgain = backfiller.finish(outcome, now: now)
        #expect(!loggedAgain, "logged once")

        let refusing = FakeRRDSource(failure: ReplyError.notFound("vmid: guest 101 is not in the cluster"), points: [])
        outcome = await HistoryBackfiller.run(subjects, cluster: "lab", source: refusing, history: history, now: now, tiers: HistoryTiers())
        #expect(outcome.unavailable == nil && outcome.done == subjects && outcome.failures.count == 2)

        let answering = FakeRRDSource(
            points: (1...70).map { RRDSeries.Point(at: now.addingTimeInterval(Double(-$0) * 10_800), cpuPct: 30, memoryPct: 40) })
        outcome = await HistoryBackfiller.run(subjects, cluster: "lab", source: answering, history: history, now: now, tiers: HistoryTiers())
        #expect(outcome.written.map { $0.rollups }.allSatisfy { $0 > 0 } && outcome.written.count == 2)
        outcome = await HistoryBackfiller.run(subjects, cluster: "lab", source: silent, history: history, now: now, tiers: HistoryTiers())
        #expect(outcome.unavailable == nil && outcome.done == subjects, "backfilled series are not asked again")
    }
}
