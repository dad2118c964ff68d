/// The messages of one `MQTTClient.subscribe(_:qos:ignoreRetained:)` call, in arrival order.
///
/// Buffering is unbounded, so nothing is dropped while the consumer is busy. Iterate it from one
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

    init(filter: String, stream: AsyncStream<MQTTMessage>, continuation: AsyncStream<MQTTMessage>.Continuation) {
        self.filter = filter
        self.stream = stream
        self.continuation = continuation
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

        public mutating func next() async -> MQTTMessage? { await base.next() }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> MQTTMessage? {
            await base.next(isolation: actor)
        }
    }
}
