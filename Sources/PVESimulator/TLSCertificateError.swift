/// A certificate or key that cannot be created, read or used, described in one line.
public struct TLSCertificateError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
