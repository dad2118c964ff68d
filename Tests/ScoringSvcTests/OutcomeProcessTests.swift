import Contract
import Foundation
import MQTT
import ScoringSvc
import TestSupport
import Testing

/// `score_history`, `plan_history` and `feedback` answered by the real `pb-scoring` process over a
/// real broker, with the retained feedback summary and success metrics.
@Suite("Outcomes: pb-scoring process", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(3)))
struct OutcomeProcessTests {
    @Test("score history, plan history and feedback over the bus; bad requests name their field", .timeLimit(.minutes(2)))
    func overTheBus() async throws {
        try await ScoringIntegration.withProcess("scoring-outcomes-process") { broker, client, topics in

            let plans = try await client.subscribe(topics.recommendations)
            let metrics = try await client.subscribe(topics.successMetrics)
            let snapshot = ServiceFixtures.snapshot(at: Date())
            try await client.publish(MQTTMessage(topic: topics.clusterState, data: try MessageCoding.encode(snapshot), retain: true))
            let (plan, _) = try await TestBus.next(RecommendationSet.self, on: plans) { !$0.recommendations.isEmpty }
            let (published, _) = try await TestBus.next(SuccessMetrics.self, on: metrics)
            #expect(published.cluster == ServiceFixtures.cluster && published.acceptance.map(\.days) == [7, 30])
            // A client subscribing later gets the retained metrics.
            let late = try await TestBus.client(broker, name: "late")
            let (kept, keptMetrics) = try await TestBus.next(SuccessMetrics.self, on: try await late.subscribe(topics.successMetrics))
            await late.disconnect()
            #expect(keptMetrics.retain && kept.acceptance.first?.proposed == plan.recommendations.count)

            let scoreHistory = topics.request(.scoring, op: "score_history")
            let node = try await TestBus.request(
                client, scoreHistory, #"{"id":"s1","node":"pve1","window":"1h"}"#, as: ScoreHistorySeries.self)
            let series = try #require(node.result)
            #expect(node.id == "s1" && series.node == "pve1" && series.stepSeconds == 60)
            let pve1 = try #require(plan.summary.nodes.first { $0.node == "pve1" })
            #expect(series.points.last?.scoreBefore == Rounding.round(pve1.scoreBefore))
            let cluster = try #require(
                try await TestBus.request(client, scoreHistory, #"{"id":"s2"}"#, as: ScoreHistorySeries.self).result)
            #expect(cluster.points.last?.healthBefore == Rounding.round(plan.summary.clusterHealthBefore))
            let badWindow = try await TestBus.request(client, scoreHistory, #"{"id":"s3","window":"45d"}"#, as: JSONValue.self)
            #expect(badWindow.error?.code == "invalid" && badWindow.error?.message.hasPrefix("window:") == true)

            let cycles = try #require(
                try await TestBus.request(client, topics.request(.scoring, op: "plan_history"), #"{"id":"p1"}"#, as: PlanHistory.self).result)
            #expect(cycles.plans.first?.proposed == plan.recommendations.count)

            let feedback = topics.request(.scoring, op: "feedback")
            let move = try #require(plan.recommendations.first)
            let vote = try await TestBus.request(
                client, feedback, #"{"id":"f1","recommendation_id":"\#(move.id)","helpful":false,"reason":"Target is busy at night"}"#,
                as: FeedbackSummary.self)
            let summary = try #require(vote.result)
            #expect(summary.total == 1 && summary.notHelpful == 1)
            #expect(summary.byKind == [FeedbackCount(name: move.kind.rawValue, helpful: 0, notHelpful: 1)])
            #expect(summary.byReason.first?.name == "target is busy at night")
            let retained = try await client.subscribe(topics.feedback)
            let (keptFeedback, keptMessage) = try await TestBus.next(FeedbackSummary.self, on: retained)
            #expect(keptFeedback.total == 1 && keptMessage.retain)

            let unknown = try await TestBus.request(
                client, feedback, #"{"id":"f2","recommendation_id":"999:pve1:pve2","helpful":true}"#, as: JSONValue.self)
            #expect(unknown.error?.code == "not_found" && unknown.error?.message.hasPrefix("recommendation_id:") == true)
            let long = String(repeating: "x", count: 201)
            let tooLong = try await TestBus.request(
                client, feedback, #"{"id":"f3","recommendation_id":"\#(move.id)","helpful":true,"reason":"\#(long)"}"#, as: JSONValue.self)
            #expect(tooLong.error?.code == "invalid" && tooLong.error?.message.hasPrefix("reason:") == true)
            await client.disconnect()
        }
    }
}
