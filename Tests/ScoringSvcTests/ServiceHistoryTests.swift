import Contract
import Foundation
import Logging
import ScoringSvc
import ServiceRuntime
import TestSupport
import Testing

@Suite("Service: the scorer's metrics history", .timeLimit(.minutes(2)))
struct ServiceHistoryTests {
    let directory: TemporaryDirectory
    let topics = Topics(cluster: ServiceFixtures.cluster)
    let bus = RecordingBus()
    let clock = TestClock(Date(timeIntervalSince1970: 1_800_014_400))
    let logger = Logger(label: "scorer-history-test")

    init() throws {
        directory = try TemporaryDirectory(prefix: "scoring-history-service")
    }

    @Test("snapshots over three days at the injected time: hourly answers behind the raw tier, placements published")
    func threeDays() async throws {
        let clock = clock
        let configuration = ScoringConfiguration(tiers: HistoryTiers(rawHours: 24, hourlyDays: 14, sixHourlyDays: 90))
        let scorer = try await Scorer(
            database: try ScoringDatabase.open(directory: directory.path, logger: logger), bus: bus, topics: topics,
            configuration: configuration, now: { clock.now }, logger: logger)
        let start = clock.now
        for index in 0..<(3 * 48) {
            var snapshot = MetricsHistoryFixture.snapshot(at: clock.now)
            if index >= 100 { snapshot.guests[0].node = "pve2" }
            await scorer.receive(snapshot)
            clock.advance(1800)
        }
        let answer = await scorer.history(Data(#"{"id":"s1","vmid":101,"window":"3d"}"#.utf8))
        let reply = try MessageCoding.decode(Reply<HistorySeries>.self, from: Data(answer))
        let series = try #require(reply.result)
        #expect(series.stepSeconds == 3600)
        #expect(series.coverage.samples == 3 * 48)
        #expect(series.coverage.first == start)
        // Rolled up: points older than the raw tier hold the two snapshots of their hour.
        #expect(series.points.first?.samples == 2)
        let moves = try bus.decoded(PlacementChange.self, on: topics.placements)
        #expect(moves == [PlacementChange(vmid: 101, from: "pve1", to: "pve2", at: start.addingTimeInterval(100 * 1800), by: .outside)])
    }

    @Test("the tiers are read from the scoring settings and checked")
    func configuration() throws {
        let configuration = try ScoringConfiguration(
            source: ConfigSource(environment: [
                "PROXBALANCE_SCORING_HISTORY_RAW_HOURS": "24", "PROXBALANCE_SCORING_HISTORY_HOURLY_DAYS": "7",
                "PROXBALANCE_SCORING_HISTORY_SIX_HOURLY_DAYS": "120",
            ]))
        #expect(configuration.tiers == HistoryTiers(rawHours: 24, hourlyDays: 7, sixHourlyDays: 120))
        #expect(try ScoringConfiguration(source: ConfigSource(environment: [:])).tiers == HistoryTiers())
        #expect(throws: (any Error).self) {
            try ScoringConfiguration(source: ConfigSource(environment: ["PROXBALANCE_SCORING_HISTORY_RAW_HOURS": "2"]))
        }
    }
}
