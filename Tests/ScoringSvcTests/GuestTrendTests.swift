import Contract
import Foundation
import Logging
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

/// Guest trends for every running guest: their hourly CPU read in one pass, kept between plans
/// and extended by the hour.
@Suite("Trend: guest trends of every running guest", .timeLimit(.minutes(3)))
struct GuestTrendTests {
    typealias B = MetricsHistoryFixture
    /// Monday 2027-01-04 00:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_799_020_800)

    /// CPU of the backup VM (102, on the quiet `pve2`) at `at`: 80 % from 13:00 to 16:00 UTC,
    /// 10 % otherwise, give or take a little every half hour.
    static func backupCPU(at: Date) -> Double {
        let hour = Int(at.timeIntervalSince1970 / 3600) % 24
        return (13...15).contains(hour) ? 80 : 10 + Double(Int(at.timeIntervalSince1970 / 1800) % 3)
    }

    /// The fixture cluster at `at` with the backup VM running on `pve2` at `backupCPU(at:)`.
    static func snapshot(at: Date, cycle: Int) -> ClusterSnapshot {
        var snapshot = ServiceFixtures.snapshot(at: at, cycle: cycle)
        snapshot.guests = snapshot.guests.map { guest in
            var guest = guest
            if guest.vmid == 102 {
                guest.status = "running"
                guest.cpuPct = backupCPU(at: at)
            }
            return guest
        }
        return snapshot
    }

    @Test("one read of every guest's hourly CPU gives the hourly points of each guest's history query")
    func hourlyReadMatchesSeries() async throws {
        let fixture = try MetricsHistoryFixture()
        defer { fixture.directory.remove() }
        let (_, history) = try fixture.open()
        // Raw samples for 12 h, hourly rollups before: four days at 10 min span all three.
        let tiers = HistoryTiers(rawHours: 12, hourlyDays: 14, sixHourlyDays: 90)
        var now = Self.start
        for index in 0..<(4 * 144) {
            now = Self.start.addingTimeInterval(Double(index) * 600)
            try await history.ingest(B.snapshot(at: now))
            if index % 6 == 0 { try await history.compactAll(now: now, tiers: tiers) }
        }
        let hour = Int64(now.timeIntervalSince1970 / 3600) * 3600
        let from = hour - 3 * 86_400
        let hourly = try await history.hourlyCPU(of: [101, 111, 999], from: from, to: hour)
        #expect(hourly.keys.sorted() == [101, 111])
        for vmid in [101, 111] {
            let series = try #require(try await history.series(.guest(vmid), window: 7 * 86_400, now: now))
            let expected = series.points.filter { $0.at.timeIntervalSince1970 >= Double(from) && $0.at.timeIntervalSince1970 < Double(hour) }
                .compactMap { point in point.values["cpu_pct"].map { TrendPoint(at: point.at, value: $0.avg) } }
            #expect(expected.count == 72)
            #expect(hourly[vmid] == expected)
        }
    }

    @Test("the next hour's refresh gives the trends a fresh read gives; a guest seen later in the hour is read then")
    func hourlyRefreshMatchesWholeRead() async throws {
        let fixture = try MetricsHistoryFixture()
        defer { fixture.directory.remove() }
        let (_, history) = try fixture.open()
        var cache = GuestTrendCache()
        var now = Self.start
        var refreshed = 0
        for cycle in 1...(4 * 48) {
            now = Self.start.addingTimeInterval(Double(cycle) * 1800)
            try await history.ingest(Self.snapshot(at: now, cycle: cycle))
            let kept = try await cache.trends(of: [101, 111], now: now, history: history)
            // Trends are computed at the first plan of an hour and kept for the rest of it.
            guard Int(now.timeIntervalSince1970) % 3600 == 0 else { continue }
            var fresh = GuestTrendCache()
            #expect(try await fresh.trends(of: [101, 111], now: now, history: history) == kept)
            if kept.count == 2 { refreshed += 1 }
        }
        #expect(refreshed > 80)
        // The backup VM was not asked for until now: read whole within the hour.
        let later = try await cache.trends(of: [101, 111, 102], now: now.addingTimeInterval(60), history: history)
        let backup = try #require(later[102])
        #expect(backup.behaviour == .cyclical)
        #expect(backup.cpu.dailyCycle?.peakHours == [13, 14, 15])

        // One series read whole per plan: the second guest gets its trend at the next plan.
        var capped = GuestTrendCache(maximumWholeReads: 1)
        #expect(try await capped.trends(of: [101, 111], now: now, history: history).keys.sorted() == [101])
        #expect(try await capped.trends(of: [101, 111], now: now.addingTimeInterval(60), history: history).keys.sorted() == [101, 111])
    }

    @Test("a guest backfilled from Proxmox's RRD is read again within the hour once forgotten; its trend counts the backfilled hours")
    func forgottenGuestIsReadAgain() async throws {
        let fixture = try MetricsHistoryFixture()
        defer { fixture.directory.remove() }
        let (_, history) = try fixture.open()
        // A 6-hour boundary, and the guest's first real sample.
        let now = Date(timeIntervalSince1970: 1_800_014_400)
        try await history.ingest(B.snapshot(at: now))
        var cache = GuestTrendCache()
        #expect(try await cache.trends(of: [101], now: now, history: history)[101] == nil, "one real sample: no trend")
        // A week of 3-hourly RRD points before it.
        let times = (1...56).map { now.addingTimeInterval(-Double($0) * 10_800) }.reversed()
        let rrd = HistoryBackfill.Series(
            averages: times.map { RRDSeries.Point(at: $0, cpuPct: 20, memoryPct: 50) },
            maxima: times.map { RRDSeries.Point(at: $0, cpuPct: 30, memoryPct: 60) })
        #expect(try await history.backfill(.guest(101), from: [rrd], now: now, tiers: HistoryTiers()) > 0)
        #expect(try await cache.trends(of: [101], now: now.addingTimeInterval(60), history: history)[101] == nil, "kept within the hour")
        cache.forget([101])
        let trend = try #require(try await cache.trends(of: [101], now: now.addingTimeInterval(120), history: history)[101])
        #expect(trend.cpu.coverage.backfilledSamples == trend.cpu.coverage.samples && trend.cpu.coverage.samples > 10)
    }

    @Test("a guest on a normal node has its trend in the plan: cyclical, and kept in place at its peak as in_peak")
    func guestOnNormalNode() async throws {
        let directory = try TemporaryDirectory(prefix: "scoring-guest-trends")
        defer { directory.remove() }
        let logger = Logger(label: "guest-trend-test")
        let clock = TestClock(Self.start)
        let scorer = try await Scorer(
            database: try ScoringDatabase.open(directory: directory.path, logger: logger), bus: RecordingBus(),
            topics: Topics(cluster: ServiceFixtures.cluster), now: { clock.now }, logger: logger)
        if case .failure(let error) = await scorer.updateSettings(Data(#"{"protect_running_workloads": true}"#.utf8)) {
            throw TestFailure(error.message)
        }
        // Three days and a half at 30 min, up to Thursday 14:00 UTC, inside the backup VM's daily peak.
        let cycles = 3 * 48 + 28
        for cycle in 1...cycles {
            await scorer.receive(Self.snapshot(at: clock.now, cycle: cycle))
            if cycle < cycles { clock.advance(1800) }
        }
        let state = await scorer.state()
        let input = try #require(state.input)
        #expect(TrendAdvisor.state(of: "pve2", input)?.state == .normal)
        let trend = try #require(input.trends.guests[102])
        #expect(trend.behaviour == .cyclical)
        let skipped = try #require(state.plan?.skipped.first { $0.vmid == 102 })
        #expect(skipped.reason == .inPeak)
        #expect(skipped.detail.contains("runs its daily peak at 13:00–16:00 UTC"))
    }
}
