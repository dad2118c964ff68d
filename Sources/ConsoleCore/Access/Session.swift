import Foundation

/// A logged-in browser: who, with which role, its CSRF token, and until when it is valid.
public struct Session: Sendable, Equatable, Codable {
    public var user: String
    public var role: Role
    /// The token every state-changing request must carry in `X-CSRF-Token`.
    public var csrfToken: String
    public var expiresAt: Date

    public init(user: String, role: Role, csrfToken: String, expiresAt: Date) {
        self.user = user
        self.role = role
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }

    /// Whether `token` is this session's CSRF token (compared in constant time).
    public func acceptsCSRF(_ token: String?) -> Bool {
        guard let token else { return false }
        let (a, b) = (Array(token.utf8), Array(csrfToken.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
