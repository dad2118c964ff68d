import ConsoleCore
import Foundation
import HummingbirdBcrypt

/// `pb-web user add NAME --role operator|viewer [--file PATH]`: adds an account to the users
/// file, or replaces the one of that name. The password is asked twice on a terminal, else read
/// as one line from standard input. The file defaults to `PROXBALANCE_WEB_USERS_FILE`; `--file -`
/// prints the account's line for another file instead (e.g. a compose secret).
public enum UserCommand {
    static let usage =
        "usage: pb-web user add NAME --role operator|viewer [--file PATH|-]  (password from the terminal or standard input)"

    /// Runs the command with the arguments after `user`; returns the exit status.
    public static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        do {
            let request = try parse(arguments, environment: environment)
            let password = try readPassword()
            try add(request, password: password)
            if request.file != "-" { print("pb-web: \(request.name) (\(request.role.rawValue)) saved in \(request.file)") }
            return 0
        } catch {
            FileHandle.standardError.write(Data("pb-web: \(error)\n".utf8))
            return 2
        }
    }

    /// One `user add`: the account and the file it goes to.
    public struct Request: Equatable, Sendable {
        public var name: String
        public var role: Role
        public var file: String

        public init(name: String, role: Role, file: String) {
            self.name = name
            self.role = role
            self.file = file
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func parse(_ arguments: [String], environment: [String: String]) throws -> Request {
        guard arguments.first == "add", arguments.count >= 2 else { throw Failure(usage) }
        let name = arguments[1]
        guard Account.isValidName(name) else { throw Failure("'\(name)' is not a user name: 1–64 letters, digits, _ . @ -") }
        var role: Role?
        var file = environment["PROXBALANCE_WEB_USERS_FILE"]
        var rest = arguments.dropFirst(2)[...]
        while let option = rest.popFirst() {
            guard let value = rest.popFirst() else { throw Failure("\(option) needs a value; \(usage)") }
            switch option {
            case "--role":
                guard let parsed = Role(rawValue: value) else { throw Failure("--role must be operator or viewer, got '\(value)'") }
                role = parsed
            case "--file": file = value
            default: throw Failure("unknown option \(option); \(usage)")
            }
        }
        guard let role else { throw Failure("--role is missing; \(usage)") }
        guard let file else { throw Failure("--file is missing and PROXBALANCE_WEB_USERS_FILE is not set") }
        return Request(name: name, role: role, file: file)
    }

    /// Writes the account with a fresh bcrypt hash (`cost` 12; tests use less); the file keeps
    /// its mode (0600 when new). With the file `-`, prints the account's line instead.
    public static func add(_ request: Request, password: String, cost: UInt8 = 12) throws {
        guard (8...1024).contains(password.count) else { throw Failure("the password must have 8 to 1024 characters") }
        if request.file == "-" {
            print("\(request.name):\(request.role.rawValue):\(Bcrypt.hash(password, cost: cost))")
            return
        }
        let existing = FileManager.default.contents(atPath: request.file).map { String(decoding: $0, as: UTF8.self) } ?? ""
        _ = try UsersFile.parse(existing)
        let account = Account(name: request.name, role: request.role, passwordHash: Bcrypt.hash(password, cost: cost))
        let text = UsersFile.setting(account, in: existing)
        let mode = (try? FileManager.default.attributesOfItem(atPath: request.file)[.posixPermissions] as? Int) ?? 0o600
        let temporary = request.file + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
            throw Failure("cannot write \(temporary)")
        }
        guard rename(temporary, request.file) == 0 else {
            unlink(temporary)
            throw Failure("cannot replace \(request.file): \(String(cString: strerror(errno)))")
        }
    }

    /// Asks twice on a terminal (without echo); otherwise reads one line from standard input.
    static func readPassword() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true) else { throw Failure("no password on standard input") }
            return line
        }
        let first = try prompt("Password: ")
        let second = try prompt("Password again: ")
        guard first == second else { throw Failure("the passwords differ; nothing changed") }
        return first
    }

    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw Failure("no password given") }
        return line
    }
}
