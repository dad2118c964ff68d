import Testing

@testable import HTTPTransport

@Suite("HTTP status line parsing and URL redaction")
struct HTTPParsingTests {
    @Test(
        "Status lines give status and reason phrase (none for HTTP/2)",
        arguments: [
            ("HTTP/1.1 500 can't migrate running VM without --online\r\n", 500, "can't migrate running VM without --online"),
            ("HTTP/1.1 200 OK\r\n", 200, "OK"),
            ("HTTP/1.0 401 No ticket\r\n", 401, "No ticket"),
            ("HTTP/2 200 \r\n", 200, ""),
            ("HTTP/2 404\r\n", 404, ""),
            ("HTTP/1.1 595 Connection refused  \r\n", 595, "Connection refused"),
        ])
    func statusLine(line: String, status: Int, reason: String) throws {
        let parsed = try #require(HTTPStatusLine(line))
        #expect(parsed.status == status)
        #expect(parsed.reasonPhrase == reason)
    }

    @Test("Other lines are not status lines", arguments: ["Content-Type: text/html\r\n", "\r\n", "HTTP/1.1 abc OK\r\n", "HTTP/1.1\r\n"])
    func notAStatusLine(line: String) {
        #expect(HTTPStatusLine(line) == nil)
    }

    @Test(
        "Redacted URLs keep scheme, host, port and path only",
        arguments: [
            ("https://user:pass@pve1:8006/api2/json/nodes?x=1#f", "https://pve1:8006/api2/json/nodes"),
            ("https://pve1:8006/api2/json/version", "https://pve1:8006/api2/json/version"),
            ("https://token@host", "https://host"),
            ("http://host?secret=1", "http://host"),
            ("not a url", "not a url"),
            ("user:pass@host/x?y", "<unparseable URL>"),
        ])
    func redaction(url: String, expected: String) {
        #expect(redactedURL(url) == expected)
    }
}
