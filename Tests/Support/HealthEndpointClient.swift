import Contract
import Foundation
import HTTPTransport
import Logging
import ServiceRuntime

/// A service's `/healthz`, `/readyz` and `/metrics` on a free loopback port, asked as a
/// container health check or Prometheus would.
public struct HealthEndpointClient: Sendable {
    public let port: Int
    private let http: CurlHTTPClient

    /// An endpoint on a port that was free a moment ago.
    public init() throws {
        port = try freeLoopbackPort()
        var logger = Logger(label: "health-endpoint-test")
        logger.logLevel = .critical
        http = CurlHTTPClient(
            configuration: HTTPClientConfiguration(timeout: .seconds(10), connectTimeout: .seconds(2), maxConnections: 2), logger: logger)
    }

    /// The setting that makes `service` serve this endpoint, e.g.
    /// `["PROXBALANCE_COLLECTOR_HTTP_BIND": "127.0.0.1:41234"]`.
    public func setting(_ service: ServiceName) -> [String: String] {
        [ConfigSource.environmentName(HTTPEndpointConfiguration.key(for: service)): "127.0.0.1:\(port)"]
    }

    /// `GET <path>`.
    public func get(_ path: String) async throws -> HTTPResponse {
        try await http.send(HTTPRequest(url: "http://127.0.0.1:\(port)\(path)"))
    }

    /// `/readyz`: its status and body.
    public func readiness() async throws -> (status: Int, report: ReadinessReport, body: String) {
        let response = try await get("/readyz")
        return (response.status, try JSONDecoder().decode(ReadinessReport.self, from: response.body), String(decoding: response.body, as: UTF8.self))
    }

    /// `/metrics`, parsed.
    public func metrics() async throws -> PrometheusText {
        let response = try await get("/metrics")
        guard response.status == 200 else { throw TestFailure("/metrics answered \(response.status)") }
        return try PrometheusText(String(decoding: response.body, as: UTF8.self))
    }

    /// Asks `/readyz` every 100 ms until `condition` holds for its answer (an endpoint not
    /// listening yet counts as no answer); fails after `timeout` with the last answer.
    @discardableResult
    public func readiness(
        within timeout: Duration = .seconds(20), until condition: (Int, ReadinessReport) -> Bool
    ) async throws -> ReadinessReport {
        try await poll(within: timeout, what: "/readyz") {
            let (status, report, body) = try await readiness()
            return (condition(status, report) ? report : nil, "\(status) \(body)")
        }
    }

    /// Reads `/metrics` every 100 ms until `condition` holds; fails after `timeout`.
    @discardableResult
    public func metrics(within timeout: Duration = .seconds(20), until condition: (PrometheusText) -> Bool) async throws -> PrometheusText {
        try await poll(within: timeout, what: "/metrics") {
            let metrics = try await metrics()
            return (condition(metrics) ? metrics : nil, "\(metrics.samples.count) samples")
        }
    }

    private func poll<T>(within timeout: Duration, what: String, _ attempt: () async throws -> (T?, String)) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while true {
            do {
                let (result, seen) = try await attempt()
                if let result { return result }
                last = seen
            } catch let error as HTTPClientError {
                last = "\(error)"
            }
            guard ContinuousClock.now < deadline else { throw TestFailure("\(what) not as expected within \(timeout); last: \(last)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
