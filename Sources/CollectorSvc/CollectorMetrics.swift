import Metrics
import ProxmoxAPI

/// The collector's metrics: how long each collection cycle takes, and which Proxmox calls
/// failed, by endpoint and kind of failure. All created once, with every label value.
public struct CollectorMetrics: Sendable {
    private let cycleDuration: Timer
    private let apiErrors: [CollectorEndpoint: [PVEError.Kind: Counter]]

    public init(factory: any MetricsFactory) {
        cycleDuration = Timer(label: "proxbalance_collection_duration_seconds", factory: factory)
        apiErrors = Dictionary(
            uniqueKeysWithValues: CollectorEndpoint.allCases.map { endpoint in
                let counters = PVEError.Kind.allCases.map { kind in
                    (
                        kind,
                        Counter(
                            label: "proxbalance_pve_api_errors_total", dimensions: [("endpoint", endpoint.rawValue), ("status", kind.rawValue)],
                            factory: factory)
                    )
                }
                return (endpoint, Dictionary(uniqueKeysWithValues: counters))
            })
    }

    /// Metrics that go nowhere (unit tests).
    public static var none: CollectorMetrics { CollectorMetrics(factory: NOOPMetricsHandler.instance) }

    /// Records one collection cycle (successful or not).
    func cycleTook(_ duration: Duration) { cycleDuration.record(duration: duration) }

    /// Counts a failed Proxmox call.
    @Sendable public func apiFailed(_ error: PVEError) {
        apiErrors[CollectorEndpoint(path: error.path)]?[error.kind]?.increment()
    }
}
