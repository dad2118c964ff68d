import Foundation

/// Slows down password guessing: after `limit` failed logins within `window` from one address,
/// or for one account, further attempts from that address (or for that account) are refused
/// until the oldest of those failures is `window` old. A success clears the account's and the
/// address's failures. Pure: the caller passes the time.
public struct LoginThrottle: Sendable {
    public let limit: Int
    public let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    public init(limit: Int = 5, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds to wait before `address` may try `account` again, or `nil` when it may now.
    public func retryAfter(address: String, account: String, now: Date) -> TimeInterval? {
        let waits = [Self.addressKey(address), Self.accountKey(account)].compactMap { key -> TimeInterval? in
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return window - now.timeIntervalSince(oldest)
        }
        return waits.max()
    }

    /// Records a failed login.
    public mutating func failed(address: String, account: String, now: Date) {
        for key in [Self.addressKey(address), Self.accountKey(account)] {
            var recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            recent.append(now)
            failures[key] = Array(recent.suffix(limit))
        }
        if failures.count > 10_000 { forgetOld(now: now) }
    }

    /// Records a successful login.
    public mutating func succeeded(address: String, account: String) {
        failures[Self.addressKey(address)] = nil
        failures[Self.accountKey(account)] = nil
    }

    /// Drops failures older than the window, so memory stays bounded under a flood of names.
    private mutating func forgetOld(now: Date) {
        failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
    }

    private static func addressKey(_ address: String) -> String { "a:" + address }
    private static func accountKey(_ account: String) -> String { "u:" + account }
}
