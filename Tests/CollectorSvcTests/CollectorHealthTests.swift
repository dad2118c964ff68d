import Contract
import Foundation
import HTTPTransport
import PVESimulator
import ServiceRuntime
import TestSupport
import Testing

@testable import CollectorSvc

/// `pb-collector`'s HTTP endpoint, in-process against the simulator and a real mosquitto: what
/// a container health check and Prometheus see.
@Suite("Collector health and metrics", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct CollectorHealthTests {
    /// Runs `pb-collector`'s wiring with its HTTP endpoint on `endpoint`, from when it is
    /// `online` until `body` returns; then shuts it down gracefully.
    func withCollector<T>(
        simulator: RunningSimulator, broker: MosquittoBroker, endpoint: HealthEndpointClient, _ body: () async throws -> T
    ) async throws -> T {
        let settings = simulator.serviceSettings.merging(endpoint.setting(.collector)) { $1 }.merging([
            "PROXBALANCE_CLUSTER": "homelab", "PROXBALANCE_COLLECTOR_INTERVAL_SECONDS": "1",
        ]) { $1 }
        let collector = try await RunningService.start(
            CollectorProgram(), broker: broker, settings: settings, readyOn: Topics(cluster: "homelab").availability(.collector))
        do {
            let result = try await body()
            try await collector.stop()
            return result
        } catch {
            try? await collector.stop()
            throw error
        }
    }

    @Test(
        "/healthz answers alive; /readyz is ready once online and collecting; /metrics holds the collector's, the client's and the process's metrics",
        .timeLimit(.minutes(1)))
    func endpoints() async throws {
        let endpoint = try HealthEndpointClient()
        try await withBroker { broker in
            try await withSimulator(scenario: try SimulatorScenarios.demo()) { simulator in
                try await withCollector(simulator: simulator, broker: broker, endpoint: endpoint) {
                    let alive = try await endpoint.get("/healthz")
                    #expect(alive.status == 200)
                    #expect(String(decoding: alive.body, as: UTF8.self) == #"{"status":"alive"}"#)
                    #expect(alive.header("Content-Type") == "application/json")

                    let report = try await endpoint.readiness { status, _ in status == 200 }
                    #expect(report.checks == [ReadinessResult(name: "broker", problem: nil), ReadinessResult(name: "collection", problem: nil)])

                    let metrics = try await endpoint.metrics { ($0.value("proxbalance_collection_duration_seconds_count") ?? 0) >= 1 }
                    #expect(metrics.families == DocumentedMetrics.of(.collector))
                    #expect(metrics.types["proxbalance_collection_duration_seconds"] == "histogram")
                    #expect(metrics.types["proxbalance_pve_api_errors_total"] == "counter")
                    #expect(metrics.value("proxbalance_pve_api_errors_total", ["endpoint": "/cluster/status", "status": "server"]) == 0)
                    #expect(metrics.types["proxbalance_mqtt_publish_duration_seconds"] == "histogram")
                    #expect((metrics.value("proxbalance_mqtt_publish_duration_seconds_count") ?? 0) >= 1)
                    #expect(metrics.value("proxbalance_mqtt_reconnects_total") == 0)
                    #expect((metrics.value("proxbalance_process_resident_memory_bytes") ?? 0) > 1_000_000)
                    #expect((metrics.value("proxbalance_process_uptime_seconds") ?? 0) > 0)
                    #expect(try await endpoint.get("/nothing").status == 404)
                }
            }
        }
    }

    @Test("/readyz says 503 naming the broker while it is down, and 200 again once the client is back", .timeLimit(.minutes(1)))
    func brokerOutage() async throws {
        let endpoint = try HealthEndpointClient()
        try await withBroker { broker in
            try await withSimulator(scenario: try SimulatorScenarios.demo()) { simulator in
                try await withCollector(simulator: simulator, broker: broker, endpoint: endpoint) {
                    try await endpoint.readiness { status, _ in status == 200 }
                    broker.stop()
                    let down = try await endpoint.readiness { status, _ in status == 503 }
                    let problem = try #require(down.checks.first { $0.name == "broker" }?.problem)
                    #expect(problem.contains("broker 127.0.0.1:\(broker.port)"), "\(problem)")
                    #expect(try await endpoint.get("/healthz").status == 200)

                    try broker.start()
                    let back = try await endpoint.readiness { status, _ in status == 200 }
                    #expect(back.isReady)
                    try await endpoint.metrics { $0.value("proxbalance_mqtt_reconnects_total") == 1 }
                }
            }
        }
    }

    @Test(
        "when every collection fails, /readyz says so after three intervals and counts the API errors; it recovers with Proxmox",
        .timeLimit(.minutes(1)))
    func collectionsFailing() async throws {
        let endpoint = try HealthEndpointClient()
        try await withBroker { broker in
            try await withSimulator(scenario: try SimulatorScenarios.demo()) { simulator in
                try await withCollector(simulator: simulator, broker: broker, endpoint: endpoint) {
                    try await endpoint.readiness { status, _ in status == 200 }
                    await simulator.simulator.setFaults(SimulatorFaults(errorRate: 1))
                    let failing = try await endpoint.readiness { status, _ in status == 503 }
                    #expect(failing.failing.map(\.name) == ["collection"])
                    let problem = try #require(failing.failing.first?.problem)
                    #expect(problem.contains("more than 3 intervals (3 s)") && problem.contains("the last cycle failed"), "\(problem)")
                    let metrics = try await endpoint.metrics()
                    #expect((metrics.value("proxbalance_pve_api_errors_total", ["endpoint": "/cluster/status", "status": "server"]) ?? 0) >= 3)

                    await simulator.simulator.setFaults(SimulatorFaults())
                    try await endpoint.readiness { status, _ in status == 200 }
                }
            }
        }
    }
}
