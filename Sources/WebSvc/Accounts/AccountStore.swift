import ConsoleCore
import Foundation
import HummingbirdBcrypt
import Logging

/// Logins and sessions: the accounts from the users file (re-read when it changes), password
/// checks, the login throttle and the session table.
actor AccountStore {
    /// What a login attempt came to.
    enum LoginResult: Sendable {
        case success(id: String, session: Session)
        case refused
        case throttled(retryAfter: TimeInterval)
    }

    private let file: AccountFile
    /// Where the sessions are kept across restarts (`<data_dir>/web-sessions.json`, mode 0600),
    /// so a page stays logged in while `pb-web` restarts.
    private let sessionsFile: String?
    private let lifetime: TimeInterval
    private let logger: Logger
    private let now: @Sendable () -> Date
    private var accounts: [Account]
    private var stamp: String?
    private var sessions = SessionTable()
    private var throttle = LoginThrottle()
    /// Checked when the name is unknown, so a wrong name costs the same time as a wrong password.
    private let decoyHash = Bcrypt.hash("proxbalance-decoy", cost: 12)

    init(
        file: AccountFile, sessionsFile: String?, lifetime: TimeInterval, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) throws {
        self.file = file
        self.sessionsFile = sessionsFile
        self.lifetime = lifetime
        self.logger = logger
        self.now = now
        stamp = file.stamp()
        accounts = try file.load()
        sessions = SessionTable(entries: Self.readSessions(sessionsFile, logger: logger), now: now())
        sessions.keep(only: accounts)
        if accounts.isEmpty {
            logger.warning(
                "the users file has no account: nobody can log in until one is added",
                metadata: ["file": "\(file.path)", "add": "pb-web user add NAME --role operator --file \(file.path)"])
        }
    }

    /// Checks `password` for `name` from `address`; opens a session on success.
    func login(name: String, password: String, address: String) async -> LoginResult {
        reloadIfChanged()
        let time = now()
        if let wait = throttle.retryAfter(address: address, account: name, now: time) {
            logger.notice("login throttled", metadata: ["user": "\(name)", "address": "\(address)"])
            return .throttled(retryAfter: wait)
        }
        // Counted as failed before the (slow) check, so parallel guesses are counted too; a
        // success clears it.
        throttle.failed(address: address, account: name, now: time)
        let account = accounts.first { $0.name == name }
        let hash = account?.passwordHash ?? decoyHash
        let matches = await Self.verify(password, hash: hash)
        guard let account, matches else {
            logger.notice("login refused", metadata: ["user": "\(name)", "address": "\(address)"])
            return .refused
        }
        throttle.succeeded(address: address, account: name)
        let session = Session(user: account.name, role: account.role, csrfToken: Self.token(), expiresAt: now() + lifetime)
        let id = Self.token()
        sessions.open(session, id: id, now: now())
        saveSessions()
        logger.info("logged in", metadata: ["user": "\(account.name)", "role": "\(account.role.rawValue)"])
        return .success(id: id, session: session)
    }

    /// The live session under the cookie's `id`, checked against the current users file.
    func session(_ id: String) -> Session? {
        reloadIfChanged()
        return sessions.session(id, now: now())
    }

    func logout(_ id: String) {
        sessions.close(id)
        saveSessions()
    }

    /// The session lifetime, for the cookie's `Max-Age`.
    var sessionLifetime: TimeInterval { lifetime }

    /// Re-reads the users file when it changed; sessions of removed accounts or changed roles
    /// end. A file that became unreadable or invalid keeps the accounts read before (logged).
    private func reloadIfChanged() {
        let current = file.stamp()
        guard current != stamp else { return }
        stamp = current
        do {
            accounts = try file.load()
            sessions.keep(only: accounts)
            saveSessions()
            logger.info("users file reloaded", metadata: ["accounts": "\(accounts.count)"])
        } catch {
            logger.error("users file not reloaded; the accounts read before stay", metadata: ["error": "\(error)"])
        }
    }

    /// Writes the live sessions (atomically, mode 0600). A failure is logged: sessions then do
    /// not survive a restart, nothing else changes.
    private func saveSessions() {
        guard let sessionsFile else { return }
        do {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .secondsSince1970
            let data = try encoder.encode(sessions.entries(now: now()))
            let temporary = sessionsFile + ".tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            guard rename(temporary, sessionsFile) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            logger.error("sessions not saved: a restart logs everyone out", metadata: ["file": "\(sessionsFile)", "error": "\(error)"])
        }
    }

    private static func readSessions(_ path: String?, logger: Logger) -> [String: Session] {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return [:] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        do {
            return try decoder.decode([String: Session].self, from: data)
        } catch {
            logger.warning("saved sessions unreadable: everyone logs in again", metadata: ["file": "\(path)", "error": "\(error)"])
            return [:]
        }
    }

    /// bcrypt is slow on purpose: checked off the actor's executor.
    private static func verify(_ password: String, hash: String) async -> Bool {
        await Task.detached { Bcrypt.verify(password, hash: hash) }.value
    }

    /// 32 random bytes as URL-safe base64.
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
