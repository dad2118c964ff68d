/// The messages of one `MQTTClient.subscribe(_:qos:ignoreRetained:)` call, in arrival order.
///
/// Buffering is unbounded, so nothing is dropped while the consumer is busy (after a burst of
/// 1,000 or more buffered messages is taken, the freed memory is returned to the system). Iterate it from one
/// task. The subscription ends (and the client unsubscribes once no other subscription uses the
/// same filter) when `cancel()` is called, when the iterating task is cancelled, or when the last
/// reference to it and its iterator goes away. It also ends when the client is closed.
public final class MQTTSubscription: AsyncSequence, Sendable {
    public typealias Element = MQTTMessage
    public typealias Failure = Never

    /// The filter as given to `subscribe`, including any `$share/<group>/` prefix.
    public let filter: String
    private let stream: AsyncStream<MQTTMessage>
    private let continuation: AsyncStream<MQTTMessage>.Continuation
    let backlog: MQTTBacklog

    init(
        filter: String, stream: AsyncStream<MQTTMessage>, continuation: AsyncStream<MQTTMessage>.Continuation, backlog: MQTTBacklog
    ) {
        self.filter = filter
        self.stream = stream
        self.continuation = continuation
        self.backlog = backlog
    }

    deinit { continuation.finish() }

    /// Ends the subscription: iteration finishes after the messages already buffered.
    public func cancel() { continuation.finish() }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(subscription: self, base: stream.makeAsyncIterator())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        /// Keeps the subscription (and so the broker subscription) alive while iterating.
        let subscription: MQTTSubscription
        var base: AsyncStream<MQTTMessage>.AsyncIterator

        public mutating func next() async -> MQTTMessage? {
            let message = await base.next()
            if message != nil { subscription.backlog.taken() }
            return message
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> MQTTMessage? {
            let message = await base.next(isolation: actor)
            if message != nil { subscription.backlog.taken() }
            return message
        }
    }
}
