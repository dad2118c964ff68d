import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("CurlHTTPClient under concurrency: bounded pool, connection reuse")
struct HTTPClientConcurrencyTests {
    @Test(
        "200 concurrent requests over 8 handles all succeed, each with its own answer, over at most 8 connections",
        .timeLimit(.minutes(1)))
    func manyConcurrentRequests() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server, maxConnections: 8)
        let answers = try await withThrowingTaskGroup(of: (Int, HTTPResponse).self) { group in
            for index in 0..<200 {
                group.addTask {
                    (index, try await client.send(HTTPRequest(url: server.baseURL + "/echo?i=\(index)")))
                }
            }
            return try await group.reduce(into: [Int: HTTPResponse]()) { $0[$1.0] = $1.1 }
        }

        #expect(answers.count == 200)
        for (index, response) in answers {
            #expect(response.status == 200)
            #expect(try HTTPTest.echoed(response).query == "i=\(index)")
        }
        let connections = Set(try server.requests().map(\.peerPort))
        #expect(try server.requests().count == 200)
        #expect(connections.count <= 8)
    }

    @Test("Sequential requests reuse one keep-alive connection", .timeLimit(.minutes(1)))
    func keepAliveReuse() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server, maxConnections: 1)
        for index in 0..<20 {
            let response = try await client.send(
                HTTPRequest(method: index.isMultiple(of: 2) ? "GET" : "POST", url: server.baseURL + "/echo", body: nil))
            #expect(response.status == 200)
        }
        #expect(Set(try server.requests().map(\.peerPort)).count == 1)
    }
}
