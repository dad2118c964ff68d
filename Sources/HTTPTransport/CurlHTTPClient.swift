import Logging

/// The production `HTTPClient`, over libcurl. Keeps up to `maxConnections` easy handles whose
/// keep-alive connections are reused across requests; blocking transfers run on the handles'
/// own queues, never on the cooperative pool. Speaks HTTP/1.1 (Proxmox puts error text in the
/// reason phrase, which HTTP/2 lacks). Header values and URL credentials are never
/// logged nor put into errors.
public final class CurlHTTPClient: HTTPClient {
    private let settings: CurlSettings
    private let pool: CurlHandlePool
    private let logger: Logger

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(), logger: Logger) {
        settings = CurlSettings(configuration)
        pool = CurlHandlePool(settings: settings)
        self.logger = logger
        if let problem = settings.configurationProblem {
            logger.info("HTTP client configuration is invalid; every request will fail", metadata: ["http.problem": "\(problem)"])
        } else if !settings.verifyTLS && !settings.isPinned {
            logger.warning("TLS certificate verification is disabled: the server's identity is not checked")
        }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let url = redactedURL(request.url)
        if let problem = settings.configurationProblem {
            throw HTTPClientError(kind: .invalidConfiguration, message: problem, url: url)
        }
        if let problem = HTTPHeaderValidation.problem(in: request) {
            throw HTTPClientError(kind: .invalidRequest, message: problem, url: url)
        }
        let handle: CurlEasyHandle
        do {
            handle = try await pool.acquire()
        } catch is CancellationError {
            throw HTTPClientError(kind: .cancelled, message: "request cancelled while waiting for a connection", url: url)
        } catch {
            throw HTTPClientError(kind: .other, message: "libcurl could not create a handle", url: url)
        }
        defer { pool.release(handle) }
        do {
            let response = try await handle.perform(request)
            logger.trace(
                "HTTP request done",
                metadata: ["http.method": "\(request.method)", "http.url": "\(url)", "http.status": "\(response.status)"])
            return response
        } catch let error as HTTPClientError {
            logger.debug(
                "HTTP request failed",
                metadata: ["http.method": "\(request.method)", "http.url": "\(url)", "http.error": "\(error.kind)"])
            throw error
        }
    }
}
