import ProxmoxAPI
import Testing

@Suite("PVE API token")
struct PVETokenTests {
    @Test("parses USER@REALM!TOKENID=SECRET and builds the Authorization header")
    func parses() throws {
        let token = try PVEToken(parsing: "monitor@pve!collector=3f2c-uuid")
        #expect(token.user == "monitor")
        #expect(token.realm == "pve")
        #expect(token.tokenName == "collector")
        #expect(token.tokenID == "monitor@pve!collector")
        #expect(token.authorizationHeader == "PVEAPIToken=monitor@pve!collector=3f2c-uuid")
    }

    @Test("ignores surrounding whitespace such as a secrets file's trailing newline")
    func trims() throws {
        let token = try PVEToken(parsing: "  root@pam!sim=abc\n")
        #expect(token.authorizationHeader == "PVEAPIToken=root@pam!sim=abc")
    }

    @Test("a user name containing @ keeps the realm after the last @")
    func emailUser() throws {
        let token = try PVEToken(parsing: "ops@example.com@pve!bal=s3")
        #expect(token.user == "ops@example.com")
        #expect(token.realm == "pve")
    }

    @Test("description, debugDescription, interpolation and dump redact the secret")
    func redacts() throws {
        let token = try PVETestSupport.token()
        #expect(token.description == "monitor@pve!collector=***")
        #expect("\(token)" == "monitor@pve!collector=***")
        #expect(!String(reflecting: token).contains(PVETestSupport.secret))
        var dumped = ""
        dump(token, to: &dumped)
        #expect(!dumped.contains(PVETestSupport.secret))
        #expect(dumped.contains("monitor@pve!collector"))
    }

    @Test(
        "invalid tokens fail with a message naming the problem, never the secret",
        arguments: [
            ("", "empty"),
            ("SECRETVALUE123", "'!TOKENID'"),
            ("monitor@pve!collector", "'=SECRET'"),
            ("monitor!collector=SECRETVALUE123", "'@REALM'"),
            ("@pve!collector=SECRETVALUE123", "user name"),
            ("monitor@!collector=SECRETVALUE123", "realm"),
            ("monitor@pve!=SECRETVALUE123", "token id"),
            ("monitor@pve!9lives=SECRETVALUE123", "token id"),
            ("monitor@pve!collector=", "secret"),
            ("monitor@pve!collector=SECRET VALUE123", "whitespace"),
            ("monitor@pve!collector=SECRETVALUE123\r\nX-Evil: 1", "whitespace"),
        ])
    func rejects(text: String, mentions: String) throws {
        let error = try #require(throws: PVETokenError.self) { try PVEToken(parsing: text) }
        #expect(error.description.contains(mentions))
        #expect(!error.description.contains("SECRETVALUE123"))
        #expect(!error.description.contains("SECRET VALUE"))
    }
}
