/// How long a service's MQTT session lives at the broker.
public enum ServiceSession: Sendable {
    /// A fresh session at every connect: what is published while the service is away is lost.
    /// For services that only publish.
    case clean
    /// A persistent session (the service's fixed client id, clean start off) kept by the broker
    /// for `expirySeconds` while the service is away: QoS 1 commands and requests sent
    /// meanwhile are delivered when it is back.
    case persistent(expirySeconds: UInt32)

    /// The persistent session of services that take commands and requests: kept one day.
    public static let commands = ServiceSession.persistent(expirySeconds: 86_400)

    /// Whether messages sent while the service is away wait for it.
    public var isPersistent: Bool {
        if case .persistent = self { return true }
        return false
    }

    /// Sets `configuration`'s clean start and session expiry for this kind of session.
    public func apply(to configuration: inout MQTTConfiguration) {
        switch self {
        case .clean:
            configuration.cleanStart = true
        case .persistent(let expirySeconds):
            configuration.cleanStart = false
            configuration.sessionExpiry = expirySeconds
        }
    }
}
