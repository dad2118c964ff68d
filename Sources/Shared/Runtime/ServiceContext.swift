import Logging

/// What a service gets from `ServiceRunner` once configuration is valid and the broker is
/// connected.
public struct ServiceContext: Sendable {
    public let service: ServiceName
    public let source: ConfigSource
    public let common: CommonConfiguration
    public let topics: Topics
    public let mqtt: MQTTClient
    public let logger: Logger
}
