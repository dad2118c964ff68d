import Foundation

/// The sessions of logged-in browsers, by the secret id their cookie carries. Pure: ids and
/// tokens are made by the caller, the time is passed in.
public struct SessionTable: Sendable {
    private var sessions: [String: Session] = [:]
    /// At most this many sessions are kept; the one expiring first makes room.
    public let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Stores a new session under `id`.
    public mutating func open(_ session: Session, id: String, now: Date) {
        sessions = sessions.filter { $0.value.expiresAt > now }
        if sessions.count >= capacity, let first = sessions.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
            sessions[first.key] = nil
        }
        sessions[id] = session
    }

    /// The live session under `id`; an expired one is forgotten.
    public mutating func session(_ id: String, now: Date) -> Session? {
        guard let session = sessions[id] else { return nil }
        guard session.expiresAt > now else {
            sessions[id] = nil
            return nil
        }
        return session
    }

    /// Ends the session under `id`.
    public mutating func close(_ id: String) {
        sessions[id] = nil
    }

    /// Ends every session of `user` (the account was removed or its role changed).
    public mutating func closeAll(of user: String) {
        sessions = sessions.filter { $0.value.user != user }
    }

    /// Ends the sessions of users not in `accounts`, and those whose role is no longer theirs.
    public mutating func keep(only accounts: [Account]) {
        let roles = Dictionary(accounts.map { ($0.name, $0.role) }, uniquingKeysWith: { first, _ in first })
        sessions = sessions.filter { roles[$0.value.user] == $0.value.role }
    }

    public var count: Int { sessions.count }

    /// The live sessions by id, to be kept across restarts.
    public func entries(now: Date) -> [String: Session] {
        sessions.filter { $0.value.expiresAt > now }
    }

    /// A table holding the live ones of `entries` (as `entries(now:)` gave them).
    public init(entries: [String: Session], now: Date, capacity: Int = 10_000) {
        self.capacity = capacity
        sessions = entries.filter { $0.value.expiresAt > now }
    }
}
