import Foundation

/// One console account, as the users file holds it.
public struct Account: Sendable, Equatable {
    /// The login name: 1–64 characters of `[A-Za-z0-9_.@-]`.
    public var name: String
    public var role: Role
    /// The password's bcrypt hash (`$2b$…`); the password itself is never stored.
    public var passwordHash: String

    public init(name: String, role: Role, passwordHash: String) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
    }

    /// Whether `name` may name an account.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.nameCharacters.contains($0)) }
    }
}

extension CharacterSet {
    /// Letters, digits and `_ . @ -`.
    fileprivate static let nameCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.@-")
}
