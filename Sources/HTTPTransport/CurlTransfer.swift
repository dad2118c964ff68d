import CCurl
import Foundation
import Synchronization

/// What one request collects from libcurl's callbacks (status line, headers, body), plus its
/// cancellation flag. The C callbacks receive it as their user-data pointer.
final class CurlTransfer: @unchecked Sendable {
    // @unchecked: `reasonPhrase`, `headers` and `body` are written only by libcurl callbacks
    // during `curl_easy_perform` and read after it returns, all on the handle's queue.
    // `cancelled` is the one field other threads touch, and it is atomic.
    private(set) var reasonPhrase = ""
    private(set) var headers: [(name: String, value: String)] = []
    private(set) var body = Data()
    private let cancelled = Atomic<Bool>(false)

    /// Asks the running transfer to stop at libcurl's next progress callback.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    var isCancelled: Bool {
        cancelled.load(ordering: .relaxed)
    }

    func appendBody(_ bytes: UnsafeRawBufferPointer) {
        body.append(contentsOf: bytes)
    }

    /// Handles one raw header line. A status line starts a new response (after `100 Continue`
    /// or a proxy's `CONNECT` reply), so earlier headers are dropped.
    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        if let status = HTTPStatusLine(line) {
            reasonPhrase = status.reasonPhrase
            headers = []
            return
        }
        let content = line.trimmingSuffix { $0.isNewline }
        if let first = content.first, first == " " || first == "\t", let last = headers.popLast() {
            // Obsolete line folding: continues the previous header's value.
            headers.append((last.name, last.value + " " + content.trimmingCharacters(in: .whitespaces)))
        } else if let colon = content.firstIndex(of: ":") {
            let name = String(content[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(content[content.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
    }
}

/// libcurl's C callbacks. They capture nothing: the `CurlTransfer` arrives as the user-data pointer.
enum CurlCallbacks {
    static let writeBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let context else { return 0 }
        let length = size * count
        if let data, length > 0 {
            transfer(context).appendBody(UnsafeRawBufferPointer(start: data, count: length))
        }
        return length
    }

    static let receiveHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let context else { return 0 }
        let length = size * count
        if let data, length > 0 {
            transfer(context).receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
        }
        return length
    }

    /// Returning non-zero aborts the transfer with `CURLE_ABORTED_BY_CALLBACK`.
    static let progress: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
        context, _, _, _, _ in
        guard let context else { return 0 }
        return transfer(context).isCancelled ? 1 : 0
    }

    private static func transfer(_ context: UnsafeMutableRawPointer) -> CurlTransfer {
        Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    }
}
