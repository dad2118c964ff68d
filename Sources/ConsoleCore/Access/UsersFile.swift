import Foundation

/// The users file: one account a line, `name:role:hash`; blank lines and lines starting with
/// `#` are ignored.
public enum UsersFile {
    /// A line that is not an account.
    public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let problem: String
        public var description: String { "line \(line): \(problem)" }

        public init(line: Int, problem: String) {
            self.line = line
            self.problem = problem
        }
    }

    /// The accounts in `text`, in file order.
    /// - Throws: `LineError` for the first line that is not `name:role:hash` with a valid name,
    ///   a known role and a bcrypt hash, or that repeats a name.
    public static func parse(_ text: String) throws -> [Account] {
        var accounts: [Account] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { throw LineError(line: index + 1, problem: "expected name:role:hash") }
            guard Account.isValidName(fields[0]) else {
                throw LineError(line: index + 1, problem: "the name must be 1–64 characters of letters, digits, _ . @ -")
            }
            guard let role = Role(rawValue: fields[1]) else {
                throw LineError(line: index + 1, problem: "role must be viewer or operator, got '\(fields[1])'")
            }
            guard isBcryptHash(fields[2]) else { throw LineError(line: index + 1, problem: "the hash is not a bcrypt hash ($2b$…)") }
            guard !accounts.contains(where: { $0.name == fields[0] }) else {
                throw LineError(line: index + 1, problem: "'\(fields[0])' appears twice")
            }
            accounts.append(Account(name: fields[0], role: role, passwordHash: fields[2]))
        }
        return accounts
    }

    /// `text` with `account` added, or replacing the line of the account of the same name;
    /// comments and other lines stay as they are.
    public static func setting(_ account: Account, in text: String) -> String {
        let line = "\(account.name):\(account.role.rawValue):\(account.passwordHash)"
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let index = lines.firstIndex(where: { $0.hasPrefix(account.name + ":") }) {
            lines[index] = line
        } else {
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether `hash` looks like a bcrypt hash: `$2a$`, `$2b$` or `$2y$`, a two-digit cost and 53
    /// characters of salt and digest.
    static func isBcryptHash(_ hash: String) -> Bool {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0].isEmpty && ["2a", "2b", "2y"].contains(parts[1]) && parts[2].count == 2
            && Int(parts[2]) != nil && parts[3].count == 53
    }
}
