/// The client-wide part of every request, resolved once from `HTTPClientConfiguration`.
/// Owns the pinned fingerprint's buffer, which libcurl reads by pointer during handshakes:
/// every `CurlEasyHandle` keeps these settings alive, so the buffer outlives all transfers.
final class CurlSettings: @unchecked Sendable {
    // @unchecked: all fields are immutable after init; the pin buffer is only read.
    let timeoutMilliseconds: Int
    let connectTimeoutMilliseconds: Int
    let verifyTLS: Bool
    let caFile: String?
    let userAgent: String
    let maxConnections: Int
    /// 32 bytes, or nil without a pin.
    let pinnedSHA256: UnsafeMutablePointer<UInt8>?
    /// Why the configuration cannot be used; every request then fails with it.
    let configurationProblem: String?

    init(_ configuration: HTTPClientConfiguration) {
        timeoutMilliseconds = configuration.timeout.curlMilliseconds
        connectTimeoutMilliseconds = configuration.connectTimeout.curlMilliseconds
        verifyTLS = configuration.verifyTLS
        caFile = configuration.caFile
        userAgent = configuration.userAgent
        maxConnections = max(configuration.maxConnections, 1)
        var problem: String?
        if configuration.maxConnections < 1 {
            problem = "maxConnections must be at least 1, got \(configuration.maxConnections)"
        }
        if let pin = configuration.pinnedSHA256 {
            if pin.count == 32 {
                let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
                buffer.initialize(from: pin, count: 32)
                pinnedSHA256 = buffer
            } else {
                problem = "pinnedSHA256 must be 32 bytes (a SHA-256 digest), got \(pin.count)"
                pinnedSHA256 = nil
            }
        } else {
            pinnedSHA256 = nil
        }
        configurationProblem = problem
    }

    deinit {
        pinnedSHA256?.deallocate()
    }

    /// True when a valid pin replaces chain verification.
    var isPinned: Bool { pinnedSHA256 != nil }
}

extension Duration {
    /// Whole milliseconds for libcurl's `*_MS` options, at least 1 (0 would mean "no timeout").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int.max }
        return max(Int(clamping: milliseconds.partialValue + attoseconds / 1_000_000_000_000_000), 1)
    }
}
