import Contract
import MQTT
import ScoringSvc
import ServiceRuntime
import TestSupport
import Testing

/// `pb-scoring`'s HTTP endpoint in-process against a real mosquitto.
@Suite("Scoring health and metrics", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ScoringHealthTests {
    typealias F = ServiceFixtures

    @Test("/readyz checks the broker and the store; /metrics counts the plans, their time and their moves", .timeLimit(.minutes(1)))
    func readinessAndMetrics() async throws {
        let directory = try TemporaryDirectory(prefix: "scoring-health")
        defer { directory.remove() }
        let endpoint = try HealthEndpointClient()
        let topics = Topics(cluster: F.cluster)
        try await withBroker { broker in
            let settings = ["PROXBALANCE_CLUSTER": F.cluster, "PROXBALANCE_DATA_DIR": directory.path].merging(endpoint.setting(.scoring)) { $1 }
            let scoring = try await RunningService.start(ScoringProgram(), broker: broker, settings: settings, readyOn: topics.settings(.scoring))
            let client = try await TestBus.client(broker)
            do {
                let report = try await endpoint.readiness { status, _ in status == 200 }
                #expect(report.checks.map(\.name) == ["broker", "store"])

                let plans = try await client.subscribe(topics.recommendations)
                try await client.publish(MQTTMessage(topic: topics.clusterState, data: try MessageCoding.encode(F.snapshot()), retain: true))
                let (plan, _) = try await TestBus.next(RecommendationSet.self, on: plans)
                let metrics = try await endpoint.metrics { $0.value("proxbalance_plans_generated_total") == 1 }
                #expect(metrics.types["proxbalance_plan_duration_seconds"] == "histogram")
                #expect(metrics.value("proxbalance_plan_duration_seconds_count") == 1)
                #expect(metrics.value("proxbalance_moves_proposed_total") == Double(plan.recommendations.count))
                #expect(metrics.families == DocumentedMetrics.of(.scoring))
            } catch {
                await client.disconnect()
                try? await scoring.stop()
                throw error
            }
            await client.disconnect()
            try await scoring.stop()
        }
    }
}
