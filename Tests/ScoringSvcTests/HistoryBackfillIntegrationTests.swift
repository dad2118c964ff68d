import CollectorSvc
import Contract
import Foundation
import MQTT
import PVESimulator
import ScoringSvc
import TestSupport
import Testing

/// Simulator → collector → scoring over a real broker: a fresh scoring database is backfilled
/// from Proxmox's RRD through the collector's `rrd` request.
@Suite("History: backfill end to end", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(3)))
struct HistoryBackfillIntegrationTests {
    @Test("after the first cycles a node's 7-day history holds backfilled days, and its trend evidence counts them")
    func coldStart() async throws {
        let directory = try TemporaryDirectory(prefix: "scoring-backfill")
        defer { directory.remove() }
        var scenario = try SimulatorScenarios.demo()
        scenario.clock.historyDays = 40
        let topics = Topics(cluster: scenario.cluster)
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            try await withSimulator(scenario: scenario) { simulator in
                let plans = try await session.client.subscribe(topics.recommendations)
                let collecting = try await session.startCollector(simulator)
                let history = topics.request(.scoring, op: "history")

                // The history request polls a real signal: backfilled points, within a deadline.
                let deadline = ContinuousClock.now + .seconds(60)
                var week: HistorySeries?
                while ContinuousClock.now < deadline {
                    let reply = try await TestBus.request(
                        session.client, history, #"{"node": "pve3", "window": "7d"}"#, as: HistorySeries.self)
                    if let series = reply.result, series.coverage.backfilledSamples > 0 {
                        week = series
                        break
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
                let series = try #require(week, "no backfilled history within 60 s")
                let backfilled = series.points.filter(\.isBackfilled)
                #expect(backfilled.count >= 40, "\(backfilled.count) backfilled points")
                let first = try #require(backfilled.first?.at)
                #expect(series.to.timeIntervalSince(first) > 6 * 86_400)
                #expect(series.coverage.realSpanSeconds <= 3600)
                #expect(series.points.last?.isBackfilled == false)

                // The next plans' evidence for the overloaded pve3 counts the backfilled samples.
                let (plan, _) = try await TestBus.next(RecommendationSet.self, on: plans, within: .seconds(30)) { plan in
                    plan.recommendations.contains { ($0.trendEvidence?.source?.dataQuality.backfilledSamples ?? 0) > 0 }
                }
                try await collecting.stop()
                let sources = plan.recommendations.compactMap { $0.trendEvidence?.source }
                let evidence = try #require(sources.first)
                let quality = evidence.dataQuality
                #expect((quality.backfilledSamples ?? 0) >= 40)
                #expect(quality.spanHours > 6 * 24)
                #expect((quality.realSpanHours ?? 99) < 1)
            }
        }
    }
}
