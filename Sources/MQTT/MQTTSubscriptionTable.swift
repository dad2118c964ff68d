/// The client's subscriptions: one broker subscription per distinct filter, shared by any number
/// of local subscribers. Pure bookkeeping, always used under the connection's lock.
///
/// Every SUBSCRIBE carries a fresh MQTT v5 subscription identifier, and the broker tags each
/// message with the identifier of the subscription it matched:
/// - overlapping filters (`a/#` and `a/b`) make the broker send one copy per subscription; routing
///   by identifier gives every local subscriber each message exactly once;
/// - a retained message goes only to the subscribers whose SUBSCRIBE made the broker send it, so a
///   second subscriber to a filter gets the retained state without the first getting it again.
/// Messages without a known identifier (e.g. queued for a persistent session by an earlier
/// process) are routed by topic-filter matching instead.
struct MQTTSubscriptionTable {
    /// A broker-side subscription.
    struct Entry {
        let filter: String
        var qos: MQTTQoS
        /// Identifiers of the latest SUBSCRIBEs for this filter, newest last.
        var identifiers: [UInt32] = []
        var subscribers: [UInt64: Subscriber] = [:]
        /// Kept for request/response inboxes even without subscribers.
        var isResponseInbox = false
    }

    struct Subscriber {
        let continuation: AsyncStream<MQTTMessage>.Continuation
        let ignoreRetained: Bool
        /// The identifier of the SUBSCRIBE that brought this subscriber in (or last resubscribed it).
        var joinedWith: UInt32
    }

    /// What must be sent to the broker for a SUBSCRIBE.
    struct BrokerSubscription: Sendable {
        let filter: String
        let qos: MQTTQoS
        let identifier: UInt32
    }

    private var entries: [String: Entry] = [:]
    private var filterByIdentifier: [UInt32: String] = [:]
    /// Filters dropped while offline; a persistent session still holds them at the broker.
    private var pendingUnsubscribes: Set<String> = []
    private var lastIdentifier: UInt32 = 0
    private var lastSubscriberID: UInt64 = 0

    /// Largest subscription identifier MQTT allows (a variable byte integer).
    private static let maxIdentifier: UInt32 = 268_435_455
    /// Older identifiers of a filter stay routable for messages still in flight.
    private static let identifiersKept = 8

    /// Adds a local subscriber and returns its id plus the SUBSCRIBE to send.
    mutating func add(
        filter: String, qos: MQTTQoS, ignoreRetained: Bool, continuation: AsyncStream<MQTTMessage>.Continuation
    ) -> (subscriberID: UInt64, broker: BrokerSubscription) {
        lastSubscriberID += 1
        var entry = entries[filter] ?? Entry(filter: filter, qos: qos)
        entry.qos = max(entry.qos, qos)
        let identifier = issueIdentifier(for: &entry)
        entry.subscribers[lastSubscriberID] = Subscriber(
            continuation: continuation, ignoreRetained: ignoreRetained, joinedWith: identifier)
        entries[filter] = entry
        pendingUnsubscribes.remove(filter)
        return (lastSubscriberID, BrokerSubscription(filter: filter, qos: entry.qos, identifier: identifier))
    }

    /// Ensures a response inbox on `topic`; returns the SUBSCRIBE to send when it is new.
    mutating func addResponseInbox(topic: String) -> BrokerSubscription? {
        if entries[topic]?.isResponseInbox == true { return nil }
        var entry = entries[topic] ?? Entry(filter: topic, qos: .atLeastOnce)
        entry.isResponseInbox = true
        let identifier = issueIdentifier(for: &entry)
        entries[topic] = entry
        pendingUnsubscribes.remove(topic)
        return BrokerSubscription(filter: topic, qos: entry.qos, identifier: identifier)
    }

    /// Whether `topic` is one of the client's request/response inboxes.
    func isResponseInbox(_ topic: String) -> Bool { entries[topic]?.isResponseInbox == true }

    /// Removes a local subscriber. Returns the filter when its broker subscription is no longer
    /// needed; `connected` says whether it can be unsubscribed now or must wait for the next connect.
    mutating func remove(filter: String, subscriberID: UInt64, connected: Bool) -> String? {
        guard var entry = entries[filter], entry.subscribers.removeValue(forKey: subscriberID) != nil else { return nil }
        guard entry.subscribers.isEmpty && !entry.isResponseInbox else {
            entries[filter] = entry
            return nil
        }
        forget(entry)
        if !connected { pendingUnsubscribes.insert(filter) }
        return filter
    }

    /// After a CONNACK: a fresh SUBSCRIBE for every filter (all subscribers rejoin, so each gets
    /// the retained state again) and the pending unsubscribes, which are cleared.
    mutating func takeConnectWork() -> (subscribe: [BrokerSubscription], unsubscribe: [String]) {
        var subscribe: [BrokerSubscription] = []
        for filter in entries.keys {
            guard var entry = entries[filter] else { continue }
            let identifier = issueIdentifier(for: &entry)
            for id in entry.subscribers.keys { entry.subscribers[id]?.joinedWith = identifier }
            entries[filter] = entry
            subscribe.append(BrokerSubscription(filter: filter, qos: entry.qos, identifier: identifier))
        }
        let unsubscribe = Array(pendingUnsubscribes)
        pendingUnsubscribes.removeAll()
        return (subscribe, unsubscribe)
    }

    /// Removes `filter` entirely (the broker refused it) and returns its subscribers' continuations
    /// so the caller can finish them outside the lock.
    mutating func drop(filter: String) -> [AsyncStream<MQTTMessage>.Continuation] {
        guard let entry = entries[filter] else { return [] }
        forget(entry)
        return entry.subscribers.values.map(\.continuation)
    }

    /// Removes everything, returning all continuations to finish.
    mutating func removeAll() -> [AsyncStream<MQTTMessage>.Continuation] {
        let all = entries.values.flatMap { $0.subscribers.values.map(\.continuation) }
        entries.removeAll()
        filterByIdentifier.removeAll()
        return all
    }

    /// The continuations that should receive `message`, given the subscription identifiers the broker tagged it with.
    func recipients(of message: MQTTMessage, subscriptionIdentifiers: [UInt32]) -> [AsyncStream<MQTTMessage>.Continuation] {
        var recipients: [AsyncStream<MQTTMessage>.Continuation] = []
        for identifier in subscriptionIdentifiers {
            guard let filter = filterByIdentifier[identifier], let entry = entries[filter],
                MQTTTopicFilter.matches(filter, topic: message.topic)
            else { continue }
            for subscriber in entry.subscribers.values where accepts(subscriber, message) {
                // Retained copies answer one SUBSCRIBE: only its subscribers want them.
                if !message.retain || subscriber.joinedWith == identifier {
                    recipients.append(subscriber.continuation)
                }
            }
        }
        // No identifier names a filter matching the topic (none given, or identifiers of an
        // earlier run of a persistent session that now name other filters): deliver by topic
        // filter instead. (A retained copy for a subscriber that ignores retained messages is
        // named by its identifier and rightly goes nowhere.)
        let named = subscriptionIdentifiers.contains { identifier in
            filterByIdentifier[identifier].map { MQTTTopicFilter.matches($0, topic: message.topic) } ?? false
        }
        if recipients.isEmpty && !named {
            for entry in entries.values where MQTTTopicFilter.matches(entry.filter, topic: message.topic) {
                recipients += entry.subscribers.values.filter { accepts($0, message) }.map(\.continuation)
            }
        }
        return recipients
    }

    private func accepts(_ subscriber: Subscriber, _ message: MQTTMessage) -> Bool {
        !(subscriber.ignoreRetained && message.retain)
    }

    private mutating func forget(_ entry: Entry) {
        entries[entry.filter] = nil
        for identifier in entry.identifiers { filterByIdentifier[identifier] = nil }
    }

    private mutating func issueIdentifier(for entry: inout Entry) -> UInt32 {
        repeat {
            lastIdentifier = lastIdentifier >= Self.maxIdentifier ? 1 : lastIdentifier + 1
        } while filterByIdentifier[lastIdentifier] != nil
        filterByIdentifier[lastIdentifier] = entry.filter
        entry.identifiers.append(lastIdentifier)
        if entry.identifiers.count > Self.identifiersKept {
            filterByIdentifier[entry.identifiers.removeFirst()] = nil
        }
        return lastIdentifier
    }
}
