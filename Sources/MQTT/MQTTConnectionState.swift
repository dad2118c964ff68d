/// Where an `MQTTClient` stands; observe changes with `MQTTClient.connectionStates()`.
public enum MQTTConnectionState: Sendable, Equatable {
    /// Not connected yet, or the last `connect()` failed.
    case idle
    /// `connect()` is waiting for the broker's CONNACK.
    case connecting
    /// Connected; subscriptions are active.
    case connected
    /// The connection dropped (the error says why); the client reconnects by itself with backoff,
    /// resubscribes and republishes its birth message.
    case reconnecting(MQTTError)
    /// `disconnect()` ran (or the client was released); the client cannot be used any more.
    case closed
}
