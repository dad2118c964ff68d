import MQTT

/// How long a service's MQTT session lives at the broker.
public enum ServiceSession: Sendable {
    /// A fresh session at every connect: what is published while the service is away is lost.
    /// For services that only publish.
    case clean
    /// A persistent session (the service's fixed client id, clean start off) for services that
    /// take commands and requests: what is sent while the service reconnects or restarts is
    /// delivered when it is back. The broker keeps the session as long as a command may wait
    /// (`PROXBALANCE_COMMAND_MAX_AGE_SECONDS`), so even an undated command is never older than
    /// that when it arrives; after a longer absence the broker drops what was queued.
    case commands

    /// Whether messages sent while the service is away wait for it.
    public var isPersistent: Bool { self == .commands }

    /// Sets `configuration`'s clean start and session expiry for this kind of session;
    /// `commandMaxAge` is the age (seconds) past which a command is stale.
    public func apply(to configuration: inout MQTTConfiguration, commandMaxAge: Double) {
        switch self {
        case .clean:
            configuration.cleanStart = true
        case .commands:
            configuration.cleanStart = false
            configuration.sessionExpiry = UInt32(max(1, min(commandMaxAge, Double(UInt32.max))))
        }
    }
}
