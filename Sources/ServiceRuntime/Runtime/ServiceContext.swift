import Contract
import Logging
import MQTT
import Metrics

/// What a program's services get from `ServiceRunner` once configuration is valid and the
/// cluster is known. The client is not connected yet: subscribe while creating the service,
/// publish from its `run()` (which starts once the client is connected).
public struct ServiceContext: Sendable {
    public let service: ServiceName
    public let source: ConfigSource
    public let common: CommonConfiguration
    /// The topics of the served cluster; with `ClusterScope.every` and no cluster set, the
    /// cluster level is the `+` wildcard (`cluster` is then `nil`).
    public let topics: Topics
    /// The served cluster, or `nil` for every cluster on the bus.
    public var cluster: String? { topics.cluster == "+" ? nil : topics.cluster }
    public let mqtt: MQTTClient
    public let logger: Logger
    /// Creates the service's metrics, exposed on `/metrics`; create them once, here.
    public let metrics: any MetricsFactory
    /// The checks `/readyz` runs; the broker's is there, add the service's own.
    public let readiness: ReadinessChecks
}
