import Foundation
import Glibc
import HTTPTransport
import TestSupport
import Testing

#if canImport(Glibc)
#endif

@Suite("CurlHTTPClient failures: timeout, refused connection, cancellation, secrets")
struct HTTPClientFailureTests {
    @Test("A server slower than the request timeout gives .timeout", .timeLimit(.minutes(1)))
    func timeout() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/sleep?seconds=10", timeout: .milliseconds(500)))
        }
        #expect(error.kind == .timeout)
    }

    @Test("The client-wide timeout applies when the request has none", .timeLimit(.minutes(1)))
    func defaultTimeout() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let certificate = try #require(server.certificate)
        let client = CurlHTTPClient(
            configuration: HTTPClientConfiguration(timeout: .milliseconds(500), caFile: certificate.certificatePath),
            logger: HTTPTest.logger)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/sleep?seconds=10"))
        }
        #expect(error.kind == .timeout)
    }

    @Test("A refused connection gives .connectionFailed and no secret in the error", .timeLimit(.minutes(1)))
    func connectionRefused() async throws {
        let port = try ClosedPort()
        let client = CurlHTTPClient(logger: HTTPTest.logger)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(
                HTTPRequest(
                    url: "https://admin:hunter2@127.0.0.1:\(port.number)/api2/json/nodes?token=qs-secret",
                    headers: [("Authorization", "PVEAPIToken=root@pam!pb=bearer-secret")]))
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.url == "https://127.0.0.1:\(port.number)/api2/json/nodes")
        for secret in ["hunter2", "admin", "qs-secret", "bearer-secret", "PVEAPIToken"] {
            #expect(!error.description.contains(secret))
            #expect(!error.message.contains(secret))
        }
    }

    @Test("An unknown host gives .connectionFailed", .timeLimit(.minutes(1)))
    func unknownHost() async throws {
        let client = CurlHTTPClient(logger: HTTPTest.logger)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: "https://no-such-host.invalid/", timeout: .seconds(20)))
        }
        #expect(error.kind == .connectionFailed)
    }

    @Test("Cancelling the task aborts a request in flight, and the client keeps working", .timeLimit(.minutes(1)))
    func cancelInFlight() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server, maxConnections: 1)
        let slow = Task { try await client.send(HTTPRequest(url: server.baseURL + "/sleep?seconds=30")) }
        try await HTTPTest.waitForRequests(server, count: 1)
        slow.cancel()
        let error = try await #require(throws: HTTPClientError.self) { try await slow.value }
        #expect(error.kind == .cancelled)

        // The only handle went back to the pool: a new request still goes through.
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/echo"))
        #expect(response.status == 200)
    }

    @Test("Cancelling a request waiting for a free connection ends it without sending", .timeLimit(.minutes(1)))
    func cancelWhileWaiting() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server, maxConnections: 1)
        let slow = Task { try await client.send(HTTPRequest(url: server.baseURL + "/sleep?seconds=30")) }
        try await HTTPTest.waitForRequests(server, count: 1)
        let waiting = Task { try await client.send(HTTPRequest(url: server.baseURL + "/echo?waiting")) }
        try await Task.sleep(for: .milliseconds(200))
        waiting.cancel()
        let error = try await #require(throws: HTTPClientError.self) { try await waiting.value }
        #expect(error.kind == .cancelled)
        #expect(try server.requests().map(\.path) == ["/sleep"])
        slow.cancel()
        _ = await slow.result
    }

    @Test("An already-cancelled task sends nothing", .timeLimit(.minutes(1)))
    func alreadyCancelled() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(HTTPRequest(url: server.baseURL + "/echo"))
        }
        let error = try await #require(throws: HTTPClientError.self) { try await task.value }
        #expect(error.kind == .cancelled)
        #expect(try server.requests().isEmpty)
    }
}

/// A loopback port that refuses connections for as long as this object lives: a TCP socket
/// bound to it but not listening keeps other tests from taking the port.
private final class ClosedPort {
    let number: Int
    private let socket: Int32

    init() throws {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        socket = descriptor
        number = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(socket)
    }
}
