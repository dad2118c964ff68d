import Contract
import Foundation
import Testing

@testable import ScoringEngine
@testable import ScoringSvc

/// The confidence's past-outcomes factor from the executor's outcome report.
@Suite("Engine: past outcomes in the confidence")
struct EngineOutcomeHistoryTests {
    static func report(completed: Int, failed: Int, improvedAfterHour: Double?) -> OutcomeReport {
        OutcomeReport(
            cluster: "lab", updatedAt: Lab.now, completed: completed, failed: failed,
            checkpoints: [
                .init(checkpoint: "5m", measured: 4, meanAccuracy: 90, improvedPct: 100),
                .init(checkpoint: "1h", measured: improvedAfterHour == nil ? 0 : 4, meanAccuracy: 80, improvedPct: improvedAfterHour),
            ],
            recent: [])
    }

    @Test("65 until three migrations have ended; then success blended with how many improved their source")
    func factor() {
        #expect(ConfidenceModel.historyFactor(nil) == 65)
        #expect(ConfidenceModel.historyFactor(Self.report(completed: 2, failed: 0, improvedAfterHour: 100)) == 65)
        #expect(ConfidenceModel.historyFactor(Self.report(completed: 3, failed: 1, improvedAfterHour: 100)) == 85)  // 0.6·75 + 0.4·100
        #expect(ConfidenceModel.historyFactor(Self.report(completed: 4, failed: 0, improvedAfterHour: nil)) == 100)  // 5 min used
    }

    @Test("a poor track record lowers every move's confidence")
    func lowersConfidence() throws {
        let snapshot = Lab.snapshot(
            [Lab.node("pve1", cpu: 92, memory: 50), Lab.node("pve2", cpu: 20, memory: 30)],
            [Lab.guest(101, on: "pve1", cores: 4), Lab.guest(102, on: "pve1", cores: 2)])
        let plain = Planner.plan(PlanInput(snapshot: snapshot, now: Lab.now))
        let poor = Planner.plan(
            PlanInput(snapshot: snapshot, now: Lab.now, outcomes: Self.report(completed: 1, failed: 3, improvedAfterHour: 0)))
        let before = try #require(plain.recommendations.first)
        let after = try #require(poor.recommendations.first)
        #expect(after.confidenceFactors.history == 15)
        #expect(after.confidence < before.confidence)
    }
}
