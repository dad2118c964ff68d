import Contract
import Foundation
import MQTT
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

/// The `history` request answered by the real `pb-scoring` process over a real broker.
@Suite("History: pb-scoring process", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(3)))
struct HistoryProcessTests {
    @Test("a node's and a guest's history over the bus, as JSON and CSV; a bad request names its field", .timeLimit(.minutes(2)))
    func historyOverTheBus() async throws {
        try await ScoringIntegration.withProcess("scoring-history-process") { broker, client, topics in

            let plans = try await client.subscribe(topics.recommendations)
            let now = Date()
            let times = (0..<5).map { now.addingTimeInterval(Double($0 - 4) * 60) }
            for (index, at) in times.enumerated() {
                var snapshot = MetricsHistoryFixture.snapshot(at: at)
                snapshot.collection.cycle = index + 1
                try await client.publish(MQTTMessage(topic: topics.clusterState, data: try MessageCoding.encode(snapshot), retain: true))
            }
            // A plan follows the history write of its snapshot.
            _ = try await TestBus.next(RecommendationSet.self, on: plans) { $0.snapshotCycle == 5 }

            let request = topics.request(.scoring, op: "history")
            let node = try await TestBus.request(client, request, #"{"id":"h1","node":"pve1","window":"1h"}"#, as: HistorySeries.self)
            #expect(node.id == "h1")
            let series = try #require(node.result)
            #expect(series.node == "pve1" && series.stepSeconds == 60)
            #expect(series.coverage.samples == 5)
            #expect(series.coverage.gaps.isEmpty)
            #expect(series.points.map(\.samples) == [1, 1, 1, 1, 1])
            #expect(series.points.last?.values["cpu_pct"]?.avg == MetricsHistoryFixture.cpu(at: times[4]))

            let csv = try await TestBus.request(
                client, request, #"{"id":"h2","vmid":101,"window":"6h","format":"csv"}"#, as: String.self)
            let lines = try #require(csv.result).split(separator: "\r\n")
            #expect(lines.first.map(String.init) == HistoryExport.columns(HistoryKind.guest.metrics.map(\.name)).joined(separator: ","))
            #expect(lines.count == 6)

            let unknown = try await TestBus.request(client, request, #"{"id":"h3","node":"pve9"}"#, as: JSONValue.self)
            #expect(unknown.error?.code == "not_found")
            #expect(unknown.error?.message.hasPrefix("node:") == true)
            let bad = try await TestBus.request(client, request, #"{"id":"h4","vmid":101,"window":"1y"}"#, as: JSONValue.self)
            #expect(bad.error?.code == "invalid")
            #expect(bad.error?.message.hasPrefix("window:") == true)
            await client.disconnect()
        }
    }
}
