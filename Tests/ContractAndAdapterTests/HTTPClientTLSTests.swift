import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("CurlHTTPClient TLS verification and certificate pinning")
struct HTTPClientTLSTests {
    @Test("An untrusted self-signed certificate fails verification", .timeLimit(.minutes(1)))
    func untrustedCertificate() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = CurlHTTPClient(logger: HTTPTest.logger)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/echo"))
        }
        #expect(error.kind == .tlsFailure)
        #expect(try server.requests().isEmpty)
    }

    @Test("The same certificate given as caFile is trusted, by IP and by host name", .timeLimit(.minutes(1)))
    func caFileTrusted() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = try HTTPTest.client(trusting: server)
        let byIP = try await client.send(HTTPRequest(url: server.baseURL + "/echo"))
        let byName = try await client.send(HTTPRequest(url: "https://localhost:\(server.port)/echo"))
        #expect(byIP.status == 200)
        #expect(byName.status == 200)
    }

    @Test("verifyTLS off accepts the untrusted certificate", .timeLimit(.minutes(1)))
    func verificationOff() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(verifyTLS: false), logger: HTTPTest.logger)
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/echo"))
        #expect(response.status == 200)
    }

    @Test("The right pin is accepted whatever verifyTLS says", .timeLimit(.minutes(1)), arguments: [true, false])
    func correctPin(verifyTLS: Bool) async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let pin = try CertificateFingerprint.parse(try #require(server.certificate).fingerprint)
        let client = CurlHTTPClient(
            configuration: HTTPClientConfiguration(verifyTLS: verifyTLS, pinnedSHA256: pin), logger: HTTPTest.logger)
        // Twice: the second request reuses the connection (or resumes the TLS session).
        for _ in 0..<2 {
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/echo"))
            #expect(response.status == 200)
        }
    }

    @Test("A wrong pin fails as certificatePinMismatch before the request (and its token) is sent", .timeLimit(.minutes(1)))
    func wrongPin() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        var pin = try CertificateFingerprint.parse(try #require(server.certificate).fingerprint)
        pin[0] ^= 0xFF
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(pinnedSHA256: pin), logger: HTTPTest.logger)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(
                HTTPRequest(url: server.baseURL + "/echo", headers: [("Authorization", "PVEAPIToken=root@pam!pb=secret-uuid")]))
        }
        #expect(error.kind == .certificatePinMismatch)
        #expect(try server.requests().isEmpty)
    }

    @Test("A pin of the wrong length is a configuration error, and nothing is sent", .timeLimit(.minutes(1)))
    func pinWrongLength() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = CurlHTTPClient(
            configuration: HTTPClientConfiguration(pinnedSHA256: [1, 2, 3]), logger: HTTPTest.logger)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/echo"))
        }
        #expect(error.kind == .invalidConfiguration)
        #expect(try server.requests().isEmpty)
    }

    @Test("A missing caFile is a TLS failure, not a crash", .timeLimit(.minutes(1)))
    func missingCAFile() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let client = CurlHTTPClient(
            configuration: HTTPClientConfiguration(caFile: "/nonexistent/ca.pem"), logger: HTTPTest.logger)
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/echo"))
        }
        #expect(error.kind == .tlsFailure)
    }
}
