import Foundation

/// Drops a QoS 2 message delivered a second time. libmosquitto can hand a QoS 2 message over
/// twice when the broker restarts during its handshake (it resends the message, and the copy it
/// already queued is released later). Only messages with correlation data are judged — requests
/// and their answers, each unique by construction — so two equal plain commands (`ON` … `ON`)
/// are never mistaken for one.
struct RedeliveryFilter: Sendable {
    /// How long a delivered message is remembered.
    let window: TimeInterval
    /// The most messages remembered; the oldest are forgotten first.
    let capacity: Int

    private var seen: [Int: Date] = [:]
    private var order: [(key: Int, at: Date)] = []
    private var head = 0

    init(window: TimeInterval = 300, capacity: Int = 8_192) {
        self.window = window
        self.capacity = capacity
    }

    /// Whether `message`, arriving at `now`, repeats one delivered within the window; remembers it otherwise.
    mutating func isRedelivery(_ message: MQTTMessage, at now: Date) -> Bool {
        guard message.qos == .exactlyOnce, let correlation = message.correlationData else { return false }
        forget(before: now.addingTimeInterval(-window))
        var hasher = Hasher()
        hasher.combine(message.topic)
        hasher.combine(correlation)
        hasher.combine(message.payload)
        let key = hasher.finalize()
        if seen[key] != nil { return true }
        seen[key] = now
        order.append((key, now))
        if order.count - head > capacity { forget(count: 1) }
        return false
    }

    private mutating func forget(before cutoff: Date) {
        var count = 0
        while head + count < order.count, order[head + count].at < cutoff { count += 1 }
        forget(count: count)
    }

    private mutating func forget(count: Int) {
        guard count > 0 else { return }
        for entry in order[head..<(head + count)] where seen[entry.key] == entry.at { seen[entry.key] = nil }
        head += count
        if head > 1_024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
