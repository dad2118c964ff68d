import CCurl
import Foundation
import Primitives

/// One libcurl easy handle, reused request after request: `curl_easy_reset` clears the options
/// but keeps the handle's connection cache and TLS sessions, so keep-alive connections survive.
/// Transfers run on the handle's own serial queue because `curl_easy_perform` blocks.
final class CurlEasyHandle: @unchecked Sendable {
    // @unchecked: the pool lends a handle to one request at a time, and that request touches
    // `curl` and `errorBuffer` only from `queue`.
    private let curl: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let settings: CurlSettings
    private let queue: BlockingQueue

    /// libcurl's global state, initialised once per process before the first handle.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32))

    /// Returns nil when libcurl cannot create a handle (initialisation failed or out of memory).
    init?(settings: CurlSettings, index: Int) {
        guard Self.globalInit == CURLE_OK, let curl = curl_easy_init() else { return nil }
        self.curl = curl
        self.settings = settings
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        queue = BlockingQueue(label: "ProxBalance.curl.\(index)")
    }

    deinit {
        curl_easy_cleanup(curl)
        errorBuffer.deallocate()
    }

    /// Performs the request on this handle's queue; cancelling the task aborts the transfer.
    func perform(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = CurlTransfer()
        return try await withTaskCancellationHandler {
            try await queue.run { try self.performBlocking(request, transfer: transfer) }
        } onCancel: {
            transfer.cancel()
        }
    }

    private func performBlocking(_ request: HTTPRequest, transfer: CurlTransfer) throws -> HTTPResponse {
        let url = redactedURL(request.url)
        if transfer.isCancelled {
            throw HTTPClientError(kind: .cancelled, message: "request cancelled", url: url)
        }
        curl_easy_reset(curl)
        errorBuffer[0] = 0
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer {
            _ = ccurl_setopt_slist(curl, CURLOPT_HTTPHEADER, nil)
            curl_slist_free_all(headerList)
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var setup = CurlOptionSetter(curl: curl)
        setup.pointer(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        setup.string(CURLOPT_URL, request.url)
        setup.string(CURLOPT_PROTOCOLS_STR, "http,https")
        setup.long(CURLOPT_NOSIGNAL, 1)
        // HTTP/1.1 only: HTTP/2 has no reason phrase, and Proxmox puts its error text there.
        setup.long(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        setup.long(CURLOPT_TCP_KEEPALIVE, 1)
        setup.long(CURLOPT_TIMEOUT_MS, request.timeout?.curlMilliseconds ?? settings.timeoutMilliseconds)
        setup.long(CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeoutMilliseconds)
        setup.string(CURLOPT_USERAGENT, settings.userAgent)
        setMethodAndBody(request, &setup)
        headerList = makeHeaderList(request.headers)
        setup.slist(CURLOPT_HTTPHEADER, headerList)
        setTLS(&setup)
        setup.callback(CURLOPT_WRITEFUNCTION, CurlCallbacks.writeBody)
        setup.pointer(CURLOPT_WRITEDATA, context)
        setup.callback(CURLOPT_HEADERFUNCTION, CurlCallbacks.receiveHeader)
        setup.pointer(CURLOPT_HEADERDATA, context)
        setup.long(CURLOPT_NOPROGRESS, 0)
        setup.progress(CurlCallbacks.progress)
        setup.pointer(CURLOPT_XFERINFODATA, context)
        if let failure = setup.failure {
            throw HTTPClientError(
                kind: HTTPClientError.Kind(curlCode: failure, pinned: false, cancelled: false), curlCode: Int(failure.rawValue),
                message: "cannot set a libcurl option: \(String(cString: curl_easy_strerror(failure)))", url: url)
        }

        let code = withExtendedLifetime(transfer) { curl_easy_perform(curl) }
        guard code == CURLE_OK else {
            let kind = HTTPClientError.Kind(curlCode: code, pinned: settings.isPinned, cancelled: transfer.isCancelled)
            let detail = String(cString: errorBuffer)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            throw HTTPClientError(kind: kind, curlCode: Int(code.rawValue), message: message, url: url)
        }
        var status = 0
        _ = ccurl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(
            status: status, reasonPhrase: transfer.reasonPhrase, headers: transfer.headers, body: transfer.body)
    }

    /// GET and HEAD carry no body; POST/PUT/PATCH always send one (possibly empty, so a
    /// `Content-Length: 0` goes out); other methods send one when given.
    private func setMethodAndBody(_ request: HTTPRequest, _ setup: inout CurlOptionSetter) {
        let method = request.method.uppercased()
        let body = request.body ?? (["POST", "PUT", "PATCH"].contains(method) ? Data() : nil)
        switch method {
        case "GET" where body == nil:
            setup.long(CURLOPT_HTTPGET, 1)
        case "HEAD":
            setup.long(CURLOPT_NOBODY, 1)
        default:
            if method != "POST" { setup.string(CURLOPT_CUSTOMREQUEST, method) }
        }
        guard let body, method != "HEAD" else { return }
        setup.long(CURLOPT_POSTFIELDSIZE, body.count)
        if body.isEmpty {
            setup.string(CURLOPT_COPYPOSTFIELDS, "")
        } else {
            // COPYPOSTFIELDS copies POSTFIELDSIZE bytes before returning.
            body.withUnsafeBytes { bytes in
                setup.pointer(CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
        }
    }

    private func setTLS(_ setup: inout CurlOptionSetter) {
        if let pin = settings.pinnedSHA256 {
            setup.check(ccurl_pin_certificate_sha256(curl, pin))
        } else {
            setup.long(CURLOPT_SSL_VERIFYPEER, settings.verifyTLS ? 1 : 0)
            setup.long(CURLOPT_SSL_VERIFYHOST, settings.verifyTLS ? 2 : 0)
        }
        if let caFile = settings.caFile {
            setup.string(CURLOPT_CAINFO, caFile)
        } else if settings.isPinned || !settings.verifyTLS {
            // No chain to verify: skip loading the system CA bundle into every TLS context
            // (about 1 MB of memory per connection).
            setup.pointer(CURLOPT_CAINFO, nil)
            setup.pointer(CURLOPT_CAPATH, nil)
        }
    }

    /// Builds the header list (already validated by `HTTPHeaderValidation`). Adds an empty
    /// `Expect:` so libcurl never waits for `100 Continue` before sending a body.
    private func makeHeaderList(_ headers: [(name: String, value: String)]) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers {
            // "Name;" is libcurl's syntax for a header with an empty value.
            list = curl_slist_append(list, header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        if !headers.contains(where: { $0.name.caseInsensitiveCompare("Expect") == .orderedSame }) {
            list = curl_slist_append(list, "Expect:")
        }
        return list
    }
}
