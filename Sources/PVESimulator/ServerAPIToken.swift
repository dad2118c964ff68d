/// A Proxmox API token, `<user>@<realm>!<tokenid>=<secret>`. Its description shows only the
/// token id, so the secret never reaches a log line or an error message.
public struct PVEAPIToken: Sendable, Equatable, CustomStringConvertible {
    /// `<user>@<realm>!<tokenid>`, safe to print.
    public let tokenID: String
    /// The secret part after `=`.
    public let secret: String

    /// Parses `<user>@<realm>!<tokenid>=<secret>`; the error names the expected form, never the input.
    public init(_ text: String) throws {
        guard let equals = text.firstIndex(of: "=") else { throw PVEAPITokenError() }
        let id = String(text[..<equals])
        let secret = String(text[text.index(after: equals)...])
        guard let at = id.firstIndex(of: "@"), let bang = id.firstIndex(of: "!"), at > id.startIndex, at < bang,
            id.index(after: at) < bang, id.index(after: bang) < id.endIndex, !secret.isEmpty
        else { throw PVEAPITokenError() }
        self.tokenID = id
        self.secret = secret
    }

    /// The `Authorization` header value Proxmox expects: `PVEAPIToken=<tokenid>=<secret>`.
    public var authorizationHeader: String { "PVEAPIToken=\(tokenID)=\(secret)" }

    public var description: String { tokenID }
}

/// A token that does not have the `<user>@<realm>!<tokenid>=<secret>` form.
public struct PVEAPITokenError: Error, CustomStringConvertible, Sendable {
    public var description: String { "API token must look like <user>@<realm>!<tokenid>=<secret>" }
}
