import Contract

/// Messages to a destination that were given up, reported to the service so it can publish
/// `delivery_failed` or disable the destination.
public struct DeliveryFailure: Sendable {
    public var destination: Destination
    public var events: [BusEvent]
    public var reason: String
    /// The webhook is gone: the destination must be disabled.
    public var gone: Bool
}
