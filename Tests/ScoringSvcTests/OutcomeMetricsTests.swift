import Contract
import Foundation
import ScoringSvc
import Testing

@Suite("Outcomes: success metrics, feedback aggregation, digest schedule")
struct OutcomeMetricsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func ago(days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    @Test("acceptance counts distinct moves proposed in the window and those a completed migration executed")
    func acceptance() {
        let facts = OutcomeFacts(
            proposals: [
                .init(id: "101:pve1:pve2", lastProposed: ago(days: 1)), .init(id: "102:pve1:pve3", lastProposed: ago(days: 2)),
                .init(id: "103:pve1:pve3", lastProposed: ago(days: 3)), .init(id: "104:pve2:pve3", lastProposed: ago(days: 20)),
            ],
            executions: [
                .init(recommendationID: "101:pve1:pve2", createdAt: ago(days: 1)), .init(recommendationID: "104:pve2:pve3", createdAt: ago(days: 20)),
                .init(recommendationID: nil, createdAt: ago(days: 1)),
            ])
        let week = SuccessMetricsCalculation.acceptance(facts, days: 7, now: now)
        #expect(week == SuccessMetrics.Acceptance(days: 7, proposed: 3, executed: 1, rate: 0.333))
        let month = SuccessMetricsCalculation.acceptance(facts, days: 30, now: now)
        #expect(month == SuccessMetrics.Acceptance(days: 30, proposed: 4, executed: 2, rate: 0.5))
        #expect(SuccessMetricsCalculation.acceptance(OutcomeFacts(), days: 7, now: now).rate == nil)
    }

    @Test("churn lists guests that changed node more than once")
    func churn() {
        let churn = SuccessMetricsCalculation.churn([116, 101, 116, 205, 101, 116])
        #expect(churn == SuccessMetrics.Churn(hours: 24, guests: 2, vmids: [101, 116]))
        #expect(SuccessMetricsCalculation.churn([101, 102]).guests == 0)
    }

    @Test("health trend: this week's mean against last week's; a week without plans has none")
    func healthTrend() {
        let health = [
            OutcomeFacts.Health(at: ago(days: 1), healthBefore: 80), .init(at: ago(days: 6), healthBefore: 70),
            .init(at: ago(days: 8), healthBefore: 60), .init(at: ago(days: 13), healthBefore: 64),
        ]
        let trend = SuccessMetricsCalculation.healthTrend(health, now: now)
        #expect(trend == SuccessMetrics.HealthTrend(thisWeek: 75, lastWeek: 62, change: 13))
        // Hourly means count by their plans.
        let weighted = [OutcomeFacts.Health(at: ago(days: 1), healthBefore: 80, plans: 3), .init(at: ago(days: 2), healthBefore: 60, plans: 1)]
        #expect(SuccessMetricsCalculation.healthTrend(weighted, now: now).thisWeek == 75)
        let fresh = SuccessMetricsCalculation.healthTrend(Array(health.prefix(2)), now: now)
        #expect(fresh.lastWeek == nil && fresh.change == nil && fresh.thisWeek == 75)
    }

    @Test("prediction accuracy: mean absolute error and share within 10 points of moves observed")
    func predictionAccuracy() {
        let executions = [
            OutcomeFacts.Execution(recommendationID: "a", createdAt: now, predictedTargetCpuPct: 50, observedTargetCpuPct: 54),
            .init(recommendationID: "b", createdAt: now, predictedTargetCpuPct: 40, observedTargetCpuPct: 60),
            .init(recommendationID: "c", createdAt: now, predictedTargetCpuPct: 40, observedTargetCpuPct: nil),
        ]
        let accuracy = SuccessMetricsCalculation.predictionAccuracy(executions)
        #expect(accuracy == SuccessMetrics.PredictionAccuracy(moves: 2, meanAbsoluteErrorPct: 12, within10Pct: 0.5))
        #expect(SuccessMetricsCalculation.predictionAccuracy([]).meanAbsoluteErrorPct == nil)
    }

    @Test("feedback is summed per kind and per reason (trimmed, lower-cased, most given first)")
    func feedbackSummary() {
        let entries = [
            FeedbackEntry(recommendationID: "101:pve1:pve2", kind: "overload_relief", helpful: true),
            FeedbackEntry(recommendationID: "101:pve1:pve2", kind: "overload_relief", helpful: false, reason: "Target busy at night"),
            FeedbackEntry(recommendationID: "102:pve1:pve3", kind: "distribution_balancing", helpful: false, reason: " target busy at night "),
            FeedbackEntry(recommendationID: "102:pve1:pve3", kind: "distribution_balancing", helpful: true, reason: "fixed it"),
        ]
        let summary = FeedbackAggregation.summary(entries, cluster: "lab", now: now)
        #expect(summary.total == 4 && summary.helpful == 2 && summary.notHelpful == 2)
        #expect(
            summary.byKind == [
                FeedbackCount(name: "distribution_balancing", helpful: 1, notHelpful: 1),
                FeedbackCount(name: "overload_relief", helpful: 1, notHelpful: 1),
            ])
        #expect(
            summary.byReason == [
                FeedbackCount(name: "target busy at night", helpful: 0, notHelpful: 2), FeedbackCount(name: "fixed it", helpful: 1, notHelpful: 0),
            ])
    }

    @Test("a feedback request names its bad field")
    func feedbackValidation() throws {
        func code(_ json: String) -> String? {
            do {
                _ = try FeedbackRequest.decode(Data(json.utf8))
                return nil
            } catch {
                return error.message.components(separatedBy: ":").first
            }
        }
        #expect(code(#"{"id":"1","recommendation_id":"101:pve1:pve2","helpful":true}"#) == nil)
        #expect(code(#"{"id":"1","recommendation_id":"101:pve1:pve2","helpful":false,"reason":"too risky"}"#) == nil)
        #expect(code(#"{"id":"1","recommendation_id":"101:pve1:pve2","helpful":true,"reason":"   "}"#) == "reason")
        let long = String(repeating: "x", count: FeedbackRequest.maximumReason + 1)
        #expect(code(#"{"id":"1","recommendation_id":"101:pve1:pve2","helpful":true,"reason":"\#(long)"}"#) == "reason")
        #expect(code(#"{"id":"1","recommendation_id":"101:pve1:pve2","helpful":true,"reason":"a\u0007b"}"#) == "reason")
        #expect(code(#"{"id":"1","recommendation_id":"","helpful":true}"#) == "recommendation_id")
        #expect(code(#"{"id":"1","recommendation_id":"101:pve1:pve2","helpful":"yes"}"#) != nil)
        #expect(code(#"{"id":"1","recommendation_id":"101:pve1:pve2","helpful":true,"mood":"ok"}"#) != nil)
    }

    @Test("the digest is due a week after the last one, and says what the week brought")
    func digest() {
        #expect(!WeeklyDigest.isDue(last: ago(days: 6.9), now: now))
        #expect(WeeklyDigest.isDue(last: ago(days: 7), now: now))
        let metrics = SuccessMetrics(
            cluster: "lab", generatedAt: now, acceptance: [.init(days: 7, proposed: 4, executed: 3, rate: 0.75)],
            churn: .init(hours: 24, guests: 1, vmids: [101]), healthTrend: .init(thisWeek: 82.5, lastWeek: 78, change: 4.5),
            predictionAccuracy: .init(moves: 3, meanAbsoluteErrorPct: 4.2, within10Pct: 1))
        let event = WeeklyDigest.event(metrics, feedback: nil)
        #expect(event.category == .recommendations && event.kind == "digest" && event.severity == .info)
        #expect(event.message.contains("4 moves proposed, 3 executed (75 %)"))
        #expect(event.message.contains("82.5"))
        #expect(event.details.contains(BusEvent.DetailItem("health_change", "+4.5")))
    }
}
