import Logging

/// An MQTT v5 client over libmosquitto: publish with acknowledgements, subscriptions as async
/// sequences, request/response, automatic reconnection with resubscription, last will and birth.
///
/// Typical service use:
/// ```swift
/// var config = try MQTTConfiguration(url: "mqtt://broker:1883", clientID: "pb-scoring")
/// config.setAvailability(topic: "pb/scoring/availability")
/// let client = MQTTClient(configuration: config, logger: logger)
/// let commands = try await client.subscribe("pb/scoring/set/#", ignoreRetained: true)
/// try await client.connect()
/// for await command in commands { … }
/// await client.disconnect()
/// ```
///
/// Connection policy: the first `connect()` fails loudly (refused credentials, unreachable
/// broker, TLS problems). Once connected, a lost connection is retried forever with exponential
/// backoff; each reconnect resubscribes every active subscription and republishes the birth
/// message once the broker acknowledged them all. Releasing the client without `disconnect()`
/// makes the broker publish the will.
public final class MQTTClient: Sendable {
    public let configuration: MQTTConfiguration
    let connection: MosquittoConnection
    private let onPublished: (@Sendable (Duration) -> Void)?

    /// Creates the client; nothing is sent until `connect()`. Invalid settings surface there.
    /// - Parameter onPublished: called with the time each successful `publish` took (metrics).
    public init(configuration: MQTTConfiguration, logger: Logger, onPublished: (@Sendable (Duration) -> Void)? = nil) {
        self.configuration = configuration
        connection = MosquittoConnection(configuration: configuration, logger: logger)
        self.onPublished = onPublished
    }

    deinit { connection.abandon() }

    /// The current connection state.
    public var connectionState: MQTTConnectionState { connection.phase }

    /// Whether the client is connected, the broker acknowledged every subscription and the
    /// birth message (if configured) was sent: what a retained `online` says. False again as
    /// soon as the connection drops, until the reconnect has resubscribed and announced.
    public var isOnline: Bool { connection.isOnline }

    /// A stream of connection states, starting with the current one and ending after `.closed`.
    /// Each call returns an independent stream.
    public func connectionStates() -> AsyncStream<MQTTConnectionState> { connection.connectionStates() }

    /// Connects and returns once the broker accepted (CONNACK), the subscriptions made before
    /// are confirmed (SUBACK) and the birth message, sent only after those, is queued.
    /// - Throws: `MQTTError`: `.reasonCode` when the broker refuses (e.g. 135 not authorized),
    ///   `.library` when it cannot be reached, `.invalidArgument` for bad settings.
    public func connect() async throws { try await connection.connect() }

    /// Publishes `message`. QoS 0 returns once written; QoS ≥ 1 once the broker acknowledged it
    /// (reason "no matching subscribers" counts as success). While the connection is being
    /// re-established, QoS ≥ 1 publishes wait and are sent after reconnecting; cancel the task
    /// to stop waiting (the message may still be delivered).
    /// - Throws: `MQTTError` — `.reasonCode` 135 when the broker's ACL denies the topic.
    public func publish(_ message: MQTTMessage) async throws {
        let start = ContinuousClock.now
        try await connection.publish(message)
        onPublished?(.now - start)
    }

    /// Subscribes to `filter` (`+`/`#` wildcards, `$share/<group>/…` shared subscriptions).
    /// May be called before `connect()`, which is how a persistent session receives the messages
    /// queued while it was away. When connected, returns after the broker's SUBACK.
    /// - Parameter ignoreRetained: skip retained messages (stale state), e.g. for command topics
    ///   where replaying the last command on every (re)subscribe would be harmful.
    /// - Note: subscribing again to a filter already in use makes the broker resend its retained
    ///   message, which then also reaches the earlier subscriptions to that filter.
    /// - Throws: `MQTTError` for an invalid filter or when the broker refuses it.
    public func subscribe(
        _ filter: String, qos: MQTTQoS = .atLeastOnce, ignoreRetained: Bool = false
    ) async throws
        -> MQTTSubscription
    {
        try await connection.subscribe(filter, qos: qos, ignoreRetained: ignoreRetained)
    }

    /// Publishes the will's content (availability `offline`) so watchers see the final state,
    /// disconnects cleanly, stops the network thread and ends every subscription and state stream.
    public func disconnect() async { await connection.disconnect() }

    /// Disconnects cleanly without publishing the will's content: the retained availability
    /// stays as it is, for a client that hands its topics over to another one of the same process.
    public func disconnectQuietly() async { await connection.disconnect(publishingWill: false) }
}
