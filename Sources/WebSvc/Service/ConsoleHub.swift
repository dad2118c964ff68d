import ConsoleCore
import Foundation
import NIOCore

/// The console's live state and the pages following it: bus messages are merged into the
/// `ConsoleState` and every change goes to each open event stream.
actor ConsoleHub {
    let base: String
    private var state = ConsoleState()
    private var followers: [UUID: AsyncStream<[UInt8]>.Continuation] = [:]
    private var connected = false
    /// `ConsoleState.sharedTail()` since the last change: built once, sent to every page.
    private var cachedTail: ByteBuffer?

    init(base: String) {
        self.base = base
    }

    /// Merges one bus message; a change is sent to every follower. A follower too slow to take
    /// `backlog` updates is ended: its page reconnects and starts again from the whole state.
    func apply(topic: String, payload: [UInt8]) {
        guard let update = state.apply(topic: topic, payload: payload, base: base) else { return }
        cachedTail = nil
        broadcast(update.json())
    }

    private func broadcast(_ json: [UInt8]) {
        for (id, follower) in followers {
            if case .dropped = follower.yield(json) { unfollow(id) }
        }
    }

    /// Ends every follower's stream (at shutdown).
    func finishAll() {
        for id in Array(followers.keys) { unfollow(id) }
    }

    /// Whether the console's broker connection is up; a change goes to every follower (the page
    /// then says its data may be out of date).
    func setConnected(_ value: Bool) {
        guard connected != value else { return }
        connected = value
        broadcast(ConsoleUpdate(cluster: nil, part: "broker_connected", value: .bool(value)).json())
    }

    var brokerConnected: Bool { connected }

    /// The whole state as JSON for `user`, in two parts to send one after the other: the reader's
    /// own fields and the part every reader shares (kept until the state changes, so 50 open pages
    /// cost one copy of a large snapshot, not 50).
    func stateJSON(user: String?, role: String?, now: Date = Date()) -> (prefix: ByteBuffer, shared: ByteBuffer) {
        let prefix = ConsoleState.readerPrefix(now: now, brokerConnected: connected, user: user, role: role)
        let shared = cachedTail ?? ByteBuffer(bytes: state.sharedTail())
        cachedTail = shared
        return (ByteBuffer(bytes: prefix), shared)
    }

    /// The whole state now and a stream of every later update (JSON documents), taken together
    /// so none is missed or counted twice. The stream ends when the follower is too slow (more
    /// than `backlog` updates waiting), at shutdown, or when dropped.
    func follow(
        user: String, role: String, backlog: Int = 1000
    ) -> (
        id: UUID, state: (prefix: ByteBuffer, shared: ByteBuffer), updates: AsyncStream<[UInt8]>
    ) {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingOldest(backlog))
        let id = UUID()
        followers[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unfollow(id) }
        }
        return (id, stateJSON(user: user, role: role), stream)
    }

    func unfollow(_ id: UUID) {
        followers.removeValue(forKey: id)?.finish()
    }

    /// How many pages follow the state.
    var followerCount: Int { followers.count }

    /// Whether the cluster's own notifier is online (else the bus-wide one serves it).
    func hasClusterNotifier(_ cluster: String) -> Bool {
        state.clusters[cluster]?.availability["notifier"] == "online"
    }

    /// Whether the console has seen `cluster` on the bus.
    func knows(_ cluster: String) -> Bool {
        state.clusters[cluster] != nil
    }
}
