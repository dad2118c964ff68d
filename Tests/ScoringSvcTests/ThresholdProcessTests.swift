import Contract
import Foundation
import MQTT
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

/// The `threshold_suggestions` request answered by the real `pb-scoring` process over a real broker.
@Suite("Thresholds: pb-scoring process", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(3)))
struct ThresholdProcessTests {
    @Test("no_data before the first snapshot; then suggestions from the stored history; a bad window names its field", .timeLimit(.minutes(2)))
    func suggestionsOverTheBus() async throws {
        try await ScoringIntegration.withProcess("scoring-thresholds-process") { broker, client, topics in
            let request = topics.request(.scoring, op: "threshold_suggestions")

            let early = try await TestBus.request(client, request, #"{"id":"t0"}"#, as: JSONValue.self)
            #expect(early.error?.code == "no_data")
            #expect(early.id == "t0")

            let plans = try await client.subscribe(topics.recommendations)
            let now = Date()
            let times = (0..<5).map { now.addingTimeInterval(Double($0 - 4) * 60) }
            for (index, at) in times.enumerated() {
                var snapshot = MetricsHistoryFixture.snapshot(at: at)
                snapshot.collection.cycle = index + 1
                try await client.publish(MQTTMessage(topic: topics.clusterState, data: try MessageCoding.encode(snapshot), retain: true))
            }
            _ = try await TestBus.next(RecommendationSet.self, on: plans) { $0.snapshotCycle == 5 }

            let reply = try await TestBus.request(client, request, #"{"id":"t1","window":"1h"}"#, as: ThresholdSuggestions.self)
            #expect(reply.id == "t1")
            let answer = try #require(reply.result)
            #expect(answer.cluster == ServiceFixtures.cluster)
            let cpu = try #require(answer.suggestions.first { $0.setting == "penalties.cpu_threshold" })
            let busy = try #require(MetricStats.of(times.map(MetricsHistoryFixture.cpu(at:)))).p95
            #expect(cpu.busyLevel == busy)
            #expect(cpu.suggested == min(max((busy + 10).rounded(), 50), 90))
            #expect(cpu.current == PenaltyConfiguration().cpuThreshold)
            #expect(cpu.nodesWithData == MetricsHistoryFixture.snapshot(at: now).nodes.count)
            #expect(cpu.confidence == .low)

            let bad = try await TestBus.request(client, request, #"{"id":"t2","window":"1y"}"#, as: JSONValue.self)
            #expect(bad.error?.code == "invalid")
            #expect(bad.error?.message.hasPrefix("window:") == true)
            await client.disconnect()
        }
    }
}
