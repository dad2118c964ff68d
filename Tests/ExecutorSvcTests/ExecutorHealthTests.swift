import Contract
import ExecutorSvc
import ServiceRuntime
import TestSupport
import Testing

/// `pb-executor`'s HTTP endpoint in-process against the simulator and a real mosquitto.
@Suite("Executor health and metrics", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ExecutorHealthTests {
    @Test(
        "/readyz checks the broker and the journal; /metrics counts migrations by state and origin, their duration and automation runs",
        .timeLimit(.minutes(2)))
    func readinessAndMetrics() async throws {
        let endpoint = try HealthEndpointClient()
        try await ServiceHarness.run(startsService: false) { harness in
            let service = try await harness.startService(endpoint.setting(.executor))
            do {
                let report = try await endpoint.readiness { status, _ in status == 200 }
                #expect(report.checks.map(\.name) == ["broker", "journal"])

                let before = try await endpoint.metrics()
                #expect(before.value("proxbalance_migrations_total", ["state": "completed", "origin": "manual"]) == 0)
                #expect(before.value("proxbalance_automation_runs_total", ["result": "no_plan"]) == 0)

                let queued = try #require(
                    try await harness.request("migrate", #"{"id":"h1","vmid":116,"target":"pve4"}"#, as: MigrationStatus.self).result)
                #expect(try await harness.finalState(queued.id).state == .completed)
                let run = try await harness.request("run_automation", #"{"id":"h2"}"#, as: AutomationState.self)
                #expect(run.result?.status == .noPlan)

                let metrics = try await endpoint.metrics {
                    $0.value("proxbalance_migrations_total", ["state": "completed", "origin": "manual"]) == 1
                        && $0.value("proxbalance_automation_runs_total", ["result": "no_plan"]) == 1
                }
                #expect(metrics.types["proxbalance_migration_duration_seconds"] == "histogram")
                #expect(metrics.value("proxbalance_migration_duration_seconds_count") == 1)
                #expect(metrics.value("proxbalance_migrations_total", ["state": "failed", "origin": "manual"]) == 0)
                #expect(metrics.families == DocumentedMetrics.of(.executor))
            } catch {
                try? await service.stop()
                throw error
            }
            try await service.stop()
        }
    }
}
