import Metrics

/// The notifier's metrics: pending outbox items, and per destination (see `DestinationMetrics`)
/// its delivery attempts by result and its retries.
public struct NotifierMetrics: Sendable {
    private let factory: any MetricsFactory
    private let outboxDepth: Gauge

    public init(factory: any MetricsFactory) {
        self.factory = factory
        outboxDepth = Gauge(label: "proxbalance_notifier_outbox_depth", factory: factory)
    }

    /// Metrics that go nowhere (unit tests).
    public static var none: NotifierMetrics { NotifierMetrics(factory: NOOPMetricsHandler.instance) }

    /// The metrics of destination `id`, created when its worker starts (once per configured
    /// destination, never per delivery).
    func destination(_ id: String) -> DestinationMetrics { DestinationMetrics(destination: id, factory: factory) }

    /// Records how many outbox items wait for delivery.
    func outboxHolds(_ pending: Int) { outboxDepth.record(pending) }
}

/// One destination's metrics: delivery attempts (HTTP requests; a coalesced batch counts once)
/// by result, and the items scheduled for another attempt.
struct DestinationMetrics: Sendable {
    private let deliveries: [String: Counter]
    private let retries: Counter

    /// The `result` label of every verdict.
    static let results = ["delivered", "retry", "rate_limited", "rejected", "gone"]

    init(destination: String, factory: any MetricsFactory) {
        deliveries = Dictionary(
            uniqueKeysWithValues: Self.results.map { result in
                (
                    result,
                    Counter(
                        label: "proxbalance_notifier_deliveries_total", dimensions: [("destination", destination), ("result", result)],
                        factory: factory)
                )
            })
        retries = Counter(label: "proxbalance_notifier_retries_total", dimensions: [("destination", destination)], factory: factory)
    }

    /// Counts one delivery attempt that ended with `verdict`.
    func attempted(_ verdict: DeliveryVerdict) {
        deliveries[verdict.name]?.increment()
    }

    /// Counts `items` scheduled for another attempt.
    func retrying(_ items: Int) { retries.increment(by: items) }
}
