import Contract
import NotifierSvc
import ServiceRuntime
import TestSupport
import Testing

/// `pb-notifier`'s HTTP endpoint in-process against a real mosquitto and a webhook on loopback.
@Suite("Notifier health and metrics", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct NotifierHealthTests {
    typealias J = NotifierSettingsJSON

    @Test(
        "/readyz checks the broker and the outbox; /metrics counts deliveries by destination and result, retries and the outbox depth",
        .timeLimit(.minutes(1)))
    func readinessAndMetrics() async throws {
        let endpoint = try HealthEndpointClient()
        let hook = try await WebhookTestServer.start(flavor: .webhook)
        defer { Task { await hook.stop() } }
        hook.script([.status(503)])
        try await NotifierSession.run(
            settings: J.settings([J.destination("hook", .webhook, server: hook)]), serviceSettings: endpoint.setting(.notifier)
        ) {
            session in
            let report = try await endpoint.readiness { status, _ in status == 200 }
            #expect(report.checks.map(\.name) == ["broker", "outbox"])

            try await session.publish(NotifierFixtures.migration())
            try await hook.wait(for: "the delivery after one retry") { $0.filter(\.accepted).count == 1 }
            let metrics = try await endpoint.metrics {
                $0.value("proxbalance_notifier_deliveries_total", ["destination": "hook", "result": "delivered"]) == 1
            }
            #expect(metrics.value("proxbalance_notifier_deliveries_total", ["destination": "hook", "result": "retry"]) == 1)
            #expect(metrics.value("proxbalance_notifier_deliveries_total", ["destination": "hook", "result": "rejected"]) == 0)
            #expect(metrics.value("proxbalance_notifier_retries_total", ["destination": "hook"]) == 1)
            #expect(metrics.types["proxbalance_notifier_outbox_depth"] == "gauge")
            #expect(metrics.families == DocumentedMetrics.of(.notifier))
        }
    }
}
