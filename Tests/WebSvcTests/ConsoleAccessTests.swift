import ConsoleCore
import Contract
import Foundation
import Testing

/// Accounts, sessions, the login throttle, roles and the payloads the console sends: pure.
@Suite("Console access rules")
struct ConsoleAccessTests {
    let hash = "$2b$12$" + String(repeating: "a", count: 53)

    @Test("the users file: accounts are read, bad lines are named, an account is added or replaced")
    func usersFile() throws {
        let accounts = try UsersFile.parse("# admins\nalice:operator:\(hash)\n\nvictor:viewer:\(hash)\n")
        #expect(accounts.map(\.name) == ["alice", "victor"])
        #expect(accounts.map(\.role) == [.operator, .viewer])
        #expect(throws: UsersFile.LineError(line: 2, problem: "role must be viewer or operator, got 'admin'")) {
            try UsersFile.parse("alice:operator:\(hash)\nbob:admin:\(hash)")
        }
        #expect(throws: UsersFile.LineError.self) { try UsersFile.parse("alice:operator:plaintext") }
        #expect(throws: UsersFile.LineError.self) { try UsersFile.parse("a b:operator:\(hash)") }
        #expect(throws: UsersFile.LineError.self) { try UsersFile.parse("alice:operator:\(hash)\nalice:viewer:\(hash)") }
        let replaced = UsersFile.setting(Account(name: "alice", role: .viewer, passwordHash: hash), in: "# keep\nalice:operator:\(hash)\n")
        #expect(replaced == "# keep\nalice:viewer:\(hash)\n")
        #expect(UsersFile.setting(Account(name: "bob", role: .operator, passwordHash: hash), in: "") == "bob:operator:\(hash)\n")
    }

    @Test("the throttle: five failures within a minute block the address and the account until the minute has passed")
    func throttle() {
        var throttle = LoginThrottle()
        let start = Date(timeIntervalSince1970: 1000)
        for second in 0..<5 {
            #expect(throttle.retryAfter(address: "10.0.0.1", account: "alice", now: start + Double(second)) == nil)
            throttle.failed(address: "10.0.0.1", account: "alice", now: start + Double(second))
        }
        #expect(throttle.retryAfter(address: "10.0.0.1", account: "alice", now: start + 10) == 50)
        #expect(throttle.retryAfter(address: "10.0.0.2", account: "alice", now: start + 10) != nil, "the account is blocked from elsewhere")
        #expect(throttle.retryAfter(address: "10.0.0.1", account: "bob", now: start + 10) != nil, "the address is blocked for others")
        #expect(throttle.retryAfter(address: "10.0.0.2", account: "bob", now: start + 10) == nil)
        #expect(throttle.retryAfter(address: "10.0.0.1", account: "alice", now: start + 61) == nil)
        throttle.succeeded(address: "10.0.0.1", account: "alice")
        #expect(throttle.retryAfter(address: "10.0.0.1", account: "alice", now: start + 10) == nil)
    }

    @Test("sessions expire, end at logout, and end when the account's role changes or it is removed")
    func sessions() {
        var table = SessionTable()
        let now = Date(timeIntervalSince1970: 0)
        table.open(Session(user: "alice", role: .operator, csrfToken: "t", expiresAt: now + 60), id: "s1", now: now)
        table.open(Session(user: "victor", role: .viewer, csrfToken: "u", expiresAt: now + 60), id: "s2", now: now)
        #expect(table.session("s1", now: now + 30)?.user == "alice")
        #expect(table.session("s1", now: now + 61) == nil)
        table.open(Session(user: "alice", role: .operator, csrfToken: "t", expiresAt: now + 60), id: "s3", now: now)
        table.keep(only: [Account(name: "alice", role: .viewer, passwordHash: hash)])
        #expect(table.session("s3", now: now) == nil, "the role changed")
        #expect(table.session("s2", now: now) == nil, "the account is gone")
        table.open(Session(user: "alice", role: .viewer, csrfToken: "t", expiresAt: now + 60), id: "s4", now: now)
        table.close("s4")
        #expect(table.session("s4", now: now) == nil)
    }

    @Test("CSRF tokens must match exactly")
    func csrf() {
        let session = Session(user: "a", role: .viewer, csrfToken: "abc123", expiresAt: .distantFuture)
        #expect(session.acceptsCSRF("abc123"))
        #expect(!session.acceptsCSRF("abc124"))
        #expect(!session.acceptsCSRF("abc12"))
        #expect(!session.acceptsCSRF(nil))
    }

    @Test("roles: a viewer may only ask questions; unknown operations are not forwarded")
    func roles() throws {
        let why = try #require(ConsoleCall.request(service: "scoring", op: "why"))
        let migrate = try #require(ConsoleCall.request(service: "executor", op: "migrate"))
        let log = try #require(ConsoleCall.request(service: "executor", op: "task_log"))
        #expect(why.isAllowed(for: .viewer) && log.isAllowed(for: .viewer))
        // The charts' series: a viewer may read them too.
        for op in ["history", "score_history"] {
            let series = try #require(ConsoleCall.request(service: "scoring", op: op))
            #expect(series.isAllowed(for: .viewer), "\(op)")
        }
        #expect(!migrate.isAllowed(for: .viewer) && migrate.isAllowed(for: .operator))
        #expect(!ConsoleCall.maintenance(node: "pve1").isAllowed(for: .viewer))
        #expect(!(ConsoleCall.settings(service: "scoring")?.isAllowed(for: .viewer) ?? true))
        #expect(ConsoleCall.request(service: "executor", op: "drop") == nil)
        #expect(ConsoleCall.request(service: "collector", op: "why") == nil)
        #expect(ConsoleCall.settings(service: "collector") == nil)
        #expect(migrate.topicSuffix == "executor/request/migrate")
    }

    @Test("payloads: the console's id, date and user replace the page's; only JSON objects pass")
    func payloads() throws {
        let migrate = try #require(ConsoleCall.request(service: "executor", op: "migrate"))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let bytes = try ConsolePayload.make(
            migrate, body: Array(#"{"vmid":116,"id":"mine","requested_by":"web:mallory"}"#.utf8), id: "web-1", user: "alice", now: now)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["id"] as? String == "web-1")
        #expect(object["requested_by"] as? String == "web:alice")
        #expect(object["vmid"] as? Int == 116)
        #expect(object["sent_at"] as? String == "2027-01-15T08:00:00Z")
        let why = try #require(ConsoleCall.request(service: "scoring", op: "why"))
        let question = try ConsolePayload.make(why, body: [], id: "q", user: "alice", now: now)
        #expect((try JSONSerialization.jsonObject(with: Data(question)) as? [String: Any])?["requested_by"] == nil)
        #expect(throws: ConsolePayload.Problem.malformed("the body must be a JSON object")) {
            try ConsolePayload.make(why, body: Array("[1]".utf8), id: "q", user: "a", now: now)
        }
        #expect(throws: ConsolePayload.Problem.tooLarge) {
            try ConsolePayload.make(why, body: [UInt8](repeating: 0x20, count: ConsolePayload.maxBytes + 1), id: "q", user: "a", now: now)
        }
    }
}
