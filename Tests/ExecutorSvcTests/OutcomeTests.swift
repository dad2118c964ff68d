import Contract
import ExecutorSvc
import Foundation
import MQTT
import TestSupport
import Testing

/// Outcomes: the arithmetic, and measurements published after real migrations.
@Suite("Outcomes", .serialized, .timeLimit(.minutes(5)))
struct OutcomeTests {
    static func migration(prediction: MovePrediction?) -> MigrationStatus {
        var status = MigrationStatus(
            id: "m-1", cluster: "lab", commandId: nil, origin: .automation, vmid: 101, name: "web", type: .qemu, source: "pve1",
            target: "pve2", state: .completed, dryRun: false, haManaged: false, message: "", command: "", createdAt: Date())
        status.loadsBefore = MoveLoads(sourceCpuPct: 85, sourceMemoryPct: 60, targetCpuPct: 30, targetMemoryPct: 40)
        status.prediction = prediction
        return status
    }

    @Test("a measurement compares the relief with the plan's prediction")
    func measure() {
        let prediction = MovePrediction(
            scoreImprovement: 30, sourceCpuPctBefore: 85, sourceCpuPctAfter: 70, targetCpuPctBefore: 30, targetCpuPctAfter: 45,
            confidence: 80, riskScore: 20)
        let now = MoveLoads(sourceCpuPct: 72, sourceMemoryPct: 55, targetCpuPct: 41, targetMemoryPct: 45)
        let measured = OutcomeMath.measure(Self.migration(prediction: prediction), checkpoint: "5m", now: now, at: Date())
        #expect(measured.sourceCpuRelief == 13)
        #expect(measured.predictedSourceCpuRelief == 15)
        #expect(measured.accuracy == 97)  // errors 2 and 4 points
        #expect(measured.improved)

        let worse = MoveLoads(sourceCpuPct: 90, sourceMemoryPct: 60, targetCpuPct: 50, targetMemoryPct: 45)
        let manual = OutcomeMath.measure(Self.migration(prediction: nil), checkpoint: "1h", now: worse, at: Date())
        #expect(manual.accuracy == nil && manual.improved == false && manual.sourceCpuRelief == -5)
    }

    @Test("the report counts real migrations only and summarises each checkpoint")
    func report() {
        var failed = Self.migration(prediction: nil)
        failed.state = .failed
        var dry = Self.migration(prediction: nil)
        dry.dryRun = true
        let now = MoveLoads(sourceCpuPct: 70, sourceMemoryPct: 55, targetCpuPct: 41, targetMemoryPct: 45)
        let measured = OutcomeMath.measure(Self.migration(prediction: nil), checkpoint: "5m", now: now, at: Date())
        let report = OutcomeMath.report(
            cluster: "lab", at: Date(), migrations: [Self.migration(prediction: nil), failed, dry], measurements: [measured],
            checkpoints: ["5m", "1h"])
        #expect(report.completed == 1 && report.failed == 1 && report.successRatePct == 50)
        #expect(report.checkpoints.map(\.measured) == [1, 0])
        #expect(report.checkpoints.first?.improvedPct == 100)
        #expect(report.checkpoints.last?.meanAccuracy == nil)
    }

    @Test("after a real migration, measurements at each checkpoint are published", .enabled(if: MosquittoBroker.isAvailable))
    func published() async throws {
        let configuration = ExecutorConfiguration(
            runner: RunnerHarness.configuration, outcomeCheckSeconds: 0.2, outcomeCheckpoints: [("5m", 0.3), ("1h", 0.6)])
        try await ServiceHarness.run(configuration: configuration) { harness in
            let reports = try await harness.client.subscribe(harness.topics.outcomes)
            let moved = try #require(
                try await harness.request("migrate", #"{"id":"o1","vmid":116,"target":"pve4"}"#, as: MigrationStatus.self).result)
            #expect(try await harness.finalState(moved.id).state == .completed)
            let (report, _) = try await TestBus.next(OutcomeReport.self, on: reports, within: .seconds(20)) {
                $0.checkpoints.allSatisfy { $0.measured == 1 }
            }
            #expect(report.completed == 1 && report.successRatePct == 100)
            #expect(report.recent.map(\.checkpoint).sorted() == ["1h", "5m"])
            #expect(report.recent.allSatisfy { $0.migrationId == moved.id && $0.before != nil })
        }
    }
}
