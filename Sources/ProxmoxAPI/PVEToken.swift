import Foundation

/// A Proxmox VE API token, `USER@REALM!TOKENID=SECRET` (e.g. `monitor@pve!collector=3f2c…`).
///
/// The secret never leaves this type except through `authorizationHeader`: `description`,
/// `debugDescription` and reflection (`dump`) all show `monitor@pve!collector=***`.
public struct PVEToken: Sendable, Hashable {
    /// The user name without realm (`monitor`).
    public let user: String
    /// The authentication realm (`pve`, `pam`, …).
    public let realm: String
    /// The token name (`collector`).
    public let tokenName: String
    private let secret: String

    /// Parses `USER@REALM!TOKENID=SECRET`; surrounding whitespace (a trailing newline from a
    /// secrets file) is ignored. The error names what is wrong and never echoes the input.
    public init(parsing text: String) throws(PVETokenError) {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw PVETokenError("the API token is empty") }
        guard let bang = text.firstIndex(of: "!") else {
            throw PVETokenError("the API token has no '!TOKENID' part (expected USER@REALM!TOKENID=SECRET)")
        }
        let userID = text[..<bang]
        let rest = text[text.index(after: bang)...]
        guard let equals = rest.firstIndex(of: "=") else {
            throw PVETokenError("the API token has no '=SECRET' part (expected USER@REALM!TOKENID=SECRET)")
        }
        guard let at = userID.lastIndex(of: "@") else {
            throw PVETokenError("the API token's user has no '@REALM' (expected USER@REALM!TOKENID=SECRET)")
        }
        try self.init(
            user: String(userID[..<at]), realm: String(userID[userID.index(after: at)...]),
            tokenName: String(rest[..<equals]), secret: String(rest[rest.index(after: equals)...]))
    }

    /// Builds a token from its parts, validating each like `init(parsing:)`.
    public init(user: String, realm: String, tokenName: String, secret: String) throws(PVETokenError) {
        guard !user.isEmpty, !user.contains(where: { $0.isWhitespace || $0 == ":" || $0 == "/" || $0 == "!" }) else {
            throw PVETokenError("the API token's user name is empty or contains whitespace, ':', '/' or '!'")
        }
        guard Self.isIdentifier(realm) else {
            throw PVETokenError("the API token's realm must start with a letter and contain only letters, digits, '.', '-', '_'")
        }
        guard Self.isIdentifier(tokenName) else {
            throw PVETokenError("the API token id must start with a letter and contain only letters, digits, '.', '-', '_'")
        }
        guard !secret.isEmpty else { throw PVETokenError("the API token's secret (after '=') is empty") }
        guard secret.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
            throw PVETokenError("the API token's secret contains whitespace or non-printable characters")
        }
        self.user = user
        self.realm = realm
        self.tokenName = tokenName
        self.secret = secret
    }

    /// `USER@REALM` (`monitor@pve`).
    public var userID: String { "\(user)@\(realm)" }

    /// `USER@REALM!TOKENID` (`monitor@pve!collector`), safe to log.
    public var tokenID: String { "\(userID)!\(tokenName)" }

    /// The `Authorization` header value: `PVEAPIToken=USER@REALM!TOKENID=SECRET`.
    public var authorizationHeader: String { "PVEAPIToken=\(tokenID)=\(secret)" }

    /// Replaces every occurrence of the secret in `text` with `***` (for foreign error texts).
    public func redacting(_ text: String) -> String {
        text.replacingOccurrences(of: secret, with: "***")
    }

    private static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || (48...57).contains($0.value) || $0 == "." || $0 == "-" || $0 == "_")
        }
    }
}

extension PVEToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `monitor@pve!collector=***`.
    public var description: String { "\(tokenID)=***" }
    public var debugDescription: String { "PVEToken(\(description))" }
    public var customMirror: Mirror { Mirror(self, children: ["tokenID": tokenID, "secret": "***"]) }
}

/// Why an API token string was rejected. The message never contains the token.
public struct PVETokenError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
