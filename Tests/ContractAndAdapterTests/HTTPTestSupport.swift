import Foundation
import HTTPTransport
import Logging
import TestSupport
import Testing

/// Pieces shared by the HTTP client tests.
enum HTTPTest {
    static let logger = Logger(label: "HTTPClientTests")

    /// A client that trusts the test server's self-signed certificate as its CA.
    static func client(trusting server: TLSTestServer, maxConnections: Int = 8) throws -> CurlHTTPClient {
        let certificate = try #require(server.certificate)
        return CurlHTTPClient(
            configuration: HTTPClientConfiguration(caFile: certificate.certificatePath, maxConnections: maxConnections),
            logger: logger)
    }

    /// Decodes an `/echo` answer: the request as the server received it.
    static func echoed(_ response: HTTPResponse) throws -> TLSTestServer.RecordedRequest {
        try JSONDecoder().decode(TLSTestServer.RecordedRequest.self, from: response.body)
    }

    /// Waits (up to ~10 s) until the server has received `count` requests.
    static func waitForRequests(_ server: TLSTestServer, count: Int) async throws {
        var attempts = 0
        while try server.requests().count < count, attempts < 200 {
            try await Task.sleep(for: .milliseconds(50))
            attempts += 1
        }
    }
}
