import Hummingbird
import Logging
import ServiceLifecycle

/// A service's HTTP endpoint, as one more `Service` in its group: `GET /healthz` (alive),
/// `GET /readyz` (the readiness checks; 200 or 503) and `GET /metrics` (Prometheus text).
struct HealthServer: Service {
    let endpoint: HTTPEndpointConfiguration
    let readiness: ReadinessChecks
    let metrics: MetricsRegistry
    let process: ProcessMetrics
    let logger: Logger

    /// Serves until graceful shutdown; throws when the address cannot be bound.
    func run() async throws {
        let application = Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(endpoint.host, port: endpoint.port), serverName: nil),
            logger: logger)
        try await application.run()
    }

    private func router() -> Router<BasicRequestContext> {
        let (readiness, metrics, process) = (readiness, metrics, process)
        let router = Router()
        router.get("healthz") { _, _ in
            Self.response(.ok, contentType: "application/json", body: Array(#"{"status":"alive"}"#.utf8))
        }
        router.get("readyz") { _, _ in
            let report = await readiness.evaluate()
            return Self.response(.init(code: report.httpStatus), contentType: "application/json", body: report.json())
        }
        router.get("metrics") { _, _ in
            process.refresh()
            return Self.response(.ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics.exposition())
        }
        return router
    }

    private static func response(_ status: HTTPResponse.Status, contentType: String, body: [UInt8]) -> Response {
        Response(
            status: status, headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
