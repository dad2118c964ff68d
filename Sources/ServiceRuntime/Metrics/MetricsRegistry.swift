import Metrics
import Prometheus

/// Where a service's metrics are kept and how they are exposed: one Prometheus registry, the
/// swift-metrics factory that fills it, and its text exposition for `/metrics`. The executable
/// also makes it the process's swift-metrics backend (`bootstrapped()`); tests give each
/// service a registry of its own.
public struct MetricsRegistry: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// Creates the metrics: pass it as the `factory` of swift-metrics' `Counter`, `Timer`, `Gauge`.
    public let factory: any MetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.factory = factory
    }

    /// The buckets of every duration histogram, from a millisecond (a publish) to an hour (a
    /// migration).
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300), .seconds(900),
        .seconds(3600),
    ]

    /// A new registry that is also the process's swift-metrics backend. Call once per process.
    public static func bootstrapped() -> MetricsRegistry {
        let metrics = MetricsRegistry()
        MetricsSystem.bootstrap(metrics.factory)
        return metrics
    }

    /// Every metric in the Prometheus text format (version 0.0.4).
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}
