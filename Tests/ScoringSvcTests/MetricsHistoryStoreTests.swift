import Contract
import Foundation
import SQLite
import ScoringSvc
import TestSupport
import Testing

@Suite("History: metrics history tiers and compaction", .timeLimit(.minutes(3)))
struct MetricsHistoryStoreTests {
    typealias B = MetricsHistoryFixture
    let fixture: MetricsHistoryFixture
    /// A 6-hour boundary.
    let start = Date(timeIntervalSince1970: 1_800_014_400)

    init() throws {
        fixture = try MetricsHistoryFixture()
    }

    @Test("a snapshot is stored once: nodes and guests (templates left out), again adds nothing")
    func ingestOnce() async throws {
        let (database, history) = try fixture.open()
        try await history.ingest(B.snapshot(at: start))
        try await history.ingest(B.snapshot(at: start))
        #expect(try B.count(database, "node_raw") == 3)
        #expect(try B.count(database, "guest_recent") == 3)
        let series = try #require(try await history.series(.guest(101), window: 3600, now: start.addingTimeInterval(60)))
        #expect(series.points.count == 1)
        #expect(series.points.first?.values["cpu_pct"] == MetricStats(single: B.cpu(at: start) / 2))
        #expect(series.points.first?.values["memory_used_bytes"]?.avg == Double(4 * ServiceFixtures.gib))
        #expect(series.coverage.samples == 1)
    }

    @Test("three months at 30 min: each tier keeps its span, rollups hold every sample once, queries pick their step")
    func tiersOverMonths() async throws {
        let (database, history) = try fixture.open()
        let tiers = HistoryTiers(rawHours: 12, hourlyDays: 3, sixHourlyDays: 30)
        let step: TimeInterval = 1800
        let count = 90 * 48
        var now = start
        for index in 0..<count {
            now = start.addingTimeInterval(Double(index) * step)
            try await history.ingest(B.snapshot(at: now))
            for kind in HistoryKind.allCases { try await history.compactBatch(kind, now: now, tiers: tiers, batch: 2) }
        }
        try await history.compactAll(now: now, tiers: tiers)
        let nowSeconds = now.timeIntervalSince1970
        func block(_ seconds: Double) -> Double { (seconds / 21_600).rounded(.down) * 21_600 }
        let rawCutoff = block(nowSeconds - 12 * 3600)
        let hourlyCutoff = block(nowSeconds - 3 * 86_400)
        let sixCutoff = block(nowSeconds - 30 * 86_400)

        let oldestRaw = try database.query("SELECT MIN(ts) AS t FROM guest_raw").first?.double("t")
        #expect(oldestRaw == rawCutoff)
        let hourly = try database.query("SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM guest_rollup WHERE tier = 1").first
        #expect(hourly?.double("lo") == hourlyCutoff)
        #expect(hourly?.double("hi") == rawCutoff - 3600)
        let six = try database.query("SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM guest_rollup WHERE tier = 2").first
        #expect(six?.double("lo") == sixCutoff)
        #expect(six?.double("hi") == rawCutoff - 21_600)

        // Every snapshot since a tier's cutoff is behind exactly one of its rollups or raw rows.
        let since = { (cutoff: Double) in (0..<count).filter { self.start.timeIntervalSince1970 + Double($0) * step >= cutoff }.count }
        #expect(try B.samples(database, guest: 101, tier: 1) == since(hourlyCutoff))
        #expect(try B.samples(database, guest: 101, tier: 2) == since(sixCutoff))

        // A 6-hourly rollup: the stats of the 12 snapshots of its block.
        let blockStart = sixCutoff + 21_600
        let values = (0..<12).map { B.cpu(at: Date(timeIntervalSince1970: blockStart + Double($0) * step)) / 2 }
        let month = try #require(try await history.series(.guest(101), window: 30 * 86_400, now: now))
        #expect(month.stepSeconds == 21_600)
        let point = try #require(month.points.first { $0.at.timeIntervalSince1970 == blockStart })
        #expect(point.samples == 12)
        let expected = try #require(MetricStats.of(values))
        let stats = try #require(point.values["cpu_pct"])
        #expect(stats.min == expected.min && stats.max == expected.max && stats.p95 == expected.p95)
        #expect(abs(stats.avg - expected.avg) < 0.01)
        // The window starts inside the oldest 6-hour block kept, which is left out.
        #expect(month.coverage.samples == since(sixCutoff + 21_600))
        #expect(month.coverage.first?.timeIntervalSince1970 == sixCutoff + 21_600)
        #expect(month.coverage.gaps.isEmpty)
        #expect(month.points.count <= HistoryResolution.maximumPoints + 1)

        let day = try #require(try await history.series(.node("pve1"), window: 86_400, now: now))
        #expect(day.stepSeconds == 3600)
        #expect(day.points.count == 24 || day.points.count == 25)
        #expect(day.coverage.samples == 48)
        let hours = try #require(try await history.series(.node("pve1"), window: 6 * 3600, now: now))
        #expect(hours.stepSeconds == 60)
        #expect(hours.points.count == 13)
        #expect(hours.points.allSatisfy { $0.samples == 1 })
        #expect(try await history.series(.node("pve9"), window: 3600, now: now) == nil)
    }

    @Test("a compaction batch that fails, and a restart in the middle of a pass, lose and duplicate nothing")
    func interruptedCompaction() async throws {
        let tiers = HistoryTiers(rawHours: 6, hourlyDays: 14, sixHourlyDays: 90)
        let count = 3 * 144
        let now = start.addingTimeInterval(Double(count) * 600)
        do {
            let (database, history) = try fixture.open()
            for index in 0..<count { try await history.ingest(B.snapshot(at: start.addingTimeInterval(Double(index) * 600))) }
            // The delete of guest 111's raw samples fails after guest 101's rollups are written.
            try database.execute(
                "CREATE TEMP TRIGGER fail BEFORE DELETE ON guest_raw WHEN OLD.series = 111 BEGIN SELECT RAISE(ABORT, 'injected'); END")
            await #expect(throws: SQLiteError.self) { try await history.compactBatch(.guest, now: now, tiers: tiers, batch: 10) }
            #expect(try B.count(database, "guest_recent") == 3 * count)
            #expect(try B.count(database, "guest_rollup") == 0)
            #expect(try B.count(database, "history_progress") == 0)
            try database.execute("DROP TRIGGER fail")
            // One series done, then the process stops.
            let first = try await history.compactBatch(.guest, now: now, tiers: tiers, batch: 1)
            #expect(first == MetricsHistory.CompactionStep(series: 1, rawSamples: count - 36, finished: false))
        }
        let (database, history) = try fixture.open()
        try await history.compactAll(now: now, tiers: tiers)
        for guest in [101, 102, 111] {
            #expect(try B.samples(database, guest: guest, tier: 1) == count)
            #expect(try B.samples(database, guest: guest, tier: 2) == count)
        }
        #expect(try B.count(database, "guest_raw") + B.count(database, "guest_recent") == 3 * 36)
        #expect(try B.count(database, "guest_recent") <= 3 * 2)
        // Another pass at the same time finds nothing to do.
        let again = try await history.compactBatch(.guest, now: now, tiers: tiers, batch: 10)
        #expect(again.finished && again.rawSamples == 0)
    }

    @Test("coverage names the stretch without samples")
    func gaps() async throws {
        let (_, history) = try fixture.open()
        let minutes = Array(0..<20) + Array(40..<50)
        for minute in minutes { try await history.ingest(B.snapshot(at: start.addingTimeInterval(Double(minute) * 60))) }
        let now = start.addingTimeInterval(50 * 60)
        let series = try #require(try await history.series(.node("pve2"), window: 3600, now: now))
        #expect(series.coverage.samples == 30)
        #expect(series.coverage.first == start && series.coverage.last == start.addingTimeInterval(49 * 60))
        #expect(series.coverage.spanSeconds == 49 * 60)
        #expect(
            series.coverage.gaps == [HistorySeries.Gap(from: start.addingTimeInterval(20 * 60), to: start.addingTimeInterval(40 * 60))])
        #expect(series.coverage.gapSeconds == 20 * 60)
    }

    @Test("a guest on another node is a placement change, by ProxBalance when its executor moved it there")
    func placement() async throws {
        let (database, history) = try fixture.open()
        try await history.ingest(B.snapshot(at: start))
        var moved = B.snapshot(at: start.addingTimeInterval(60))
        moved.guests[0].node = "pve2"
        moved.guests[1].node = "pve3"
        let changes = try await history.ingest(moved, proxBalanceTargets: [111: "pve3"])
        #expect(
            changes == [
                PlacementChange(vmid: 101, from: "pve1", to: "pve2", at: moved.collectedAt, by: .outside),
                PlacementChange(vmid: 111, from: "pve1", to: "pve3", at: moved.collectedAt, by: .proxbalance),
            ])
        #expect(try await history.ingest(moved).isEmpty)
        // Delivered again after its guest samples moved on to the raw table: still nothing new.
        try await history.compactBatch(.guest, now: start.addingTimeInterval(3600), tiers: HistoryTiers(), batch: 10)
        #expect(try await history.ingest(moved).isEmpty)
        #expect(try B.samples(database, guest: 101, tier: 1) == 2)
        #expect(try await history.placementChanges(vmid: 101) == [changes[0]])
    }
}
