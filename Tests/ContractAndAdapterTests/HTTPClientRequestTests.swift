import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("CurlHTTPClient requests over HTTPS")
struct HTTPClientRequestTests {
    @Test("GET sends the caller's headers and returns status, headers and body", .timeLimit(.minutes(1)))
    func getRoundTrip() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server)
        let response = try await client.send(
            HTTPRequest(url: server.baseURL + "/echo?node=pve1", headers: [("X-Test", "hello world"), ("Accept", "application/json")]))

        #expect(response.status == 200)
        #expect(response.reasonPhrase == "OK")
        #expect(response.header("content-type") == "application/json")
        let seen = try HTTPTest.echoed(response)
        #expect(seen.method == "GET")
        #expect(seen.path == "/echo")
        #expect(seen.query == "node=pve1")
        #expect(seen.header("X-Test") == "hello world")
        #expect(seen.header("Accept") == "application/json")
        #expect(seen.header("User-Agent") == "ProxBalance")
        #expect(seen.header("Expect") == nil)
    }

    @Test("POST sends the body byte for byte with its length", .timeLimit(.minutes(1)))
    func postRoundTrip() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server)
        let form = Data("target=pve2&online=1&with-local-disks=0".utf8)
        let response = try await client.send(
            HTTPRequest(
                method: "POST", url: server.baseURL + "/echo",
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form))

        let seen = try HTTPTest.echoed(response)
        #expect(seen.method == "POST")
        #expect(seen.body == form)
        #expect(seen.header("Content-Length") == "\(form.count)")
        #expect(seen.header("Content-Type") == "application/x-www-form-urlencoded")
    }

    @Test("A large binary body arrives intact", .timeLimit(.minutes(1)))
    func largeBody() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server)
        let body = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let response = try await client.send(HTTPRequest(method: "PUT", url: server.baseURL + "/echo", body: body))
        #expect(try HTTPTest.echoed(response).body == body)
    }

    @Test("Each method reaches the server as that method", .timeLimit(.minutes(1)), arguments: ["GET", "POST", "PUT", "DELETE", "PATCH"])
    func methods(method: String) async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server)
        let response = try await client.send(HTTPRequest(method: method, url: server.baseURL + "/echo"))
        #expect(response.status == 200)
        #expect(try HTTPTest.echoed(response).method == method)
    }

    @Test("The status line's custom reason phrase comes back, with the error status and body", .timeLimit(.minutes(1)))
    func reasonPhrase() async throws {
        let reason = "can't migrate running VM without --online"
        let server = try TLSTestServer(routes: [
            .init(
                method: "POST", path: "/api2/json/nodes/pve1/qemu/100/migrate", status: 500, reason: reason,
                headers: [("Content-Type", "application/json")], body: Data(#"{"data":null}"#.utf8))
        ])
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server)
        let response = try await client.send(
            HTTPRequest(method: "POST", url: server.baseURL + "/api2/json/nodes/pve1/qemu/100/migrate", body: Data("target=pve2".utf8)))

        #expect(response.status == 500)
        #expect(response.reasonPhrase == reason)
        #expect(response.header("Content-Type") == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"data":null}"#)
    }

    @Test("A 404 is a response, not an error", .timeLimit(.minutes(1)))
    func notFoundIsAResponse() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server)
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/nothing-here"))
        #expect(response.status == 404)
        #expect(response.reasonPhrase == "Not Found")
    }

    @Test(
        "Malformed or non-HTTP URLs are rejected as invalidURL", .timeLimit(.minutes(1)),
        arguments: ["not a url", "", "ftp://127.0.0.1/file", "file:///etc/passwd", "https://[::1"])
    func invalidURL(url: String) async throws {
        let client = CurlHTTPClient(logger: HTTPTest.logger)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: url))
        }
        #expect(error.kind == .invalidURL)
    }

    @Test("A header value with a line break is refused before anything is sent", .timeLimit(.minutes(1)))
    func headerInjection() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(
                HTTPRequest(url: server.baseURL + "/echo", headers: [("Authorization", "PVEAPIToken=x\r\nX-Evil: secret-42")]))
        }
        #expect(error.kind == .invalidRequest)
        #expect(!error.description.contains("secret-42"))
        #expect(try server.requests().isEmpty)
    }

    @Test("An invalid method is refused", .timeLimit(.minutes(1)))
    func invalidMethod() async throws {
        let client = CurlHTTPClient(logger: HTTPTest.logger)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(method: "GET /x HTTP/1.1\r\n", url: "https://127.0.0.1:1/"))
        }
        #expect(error.kind == .invalidRequest)
    }
}
