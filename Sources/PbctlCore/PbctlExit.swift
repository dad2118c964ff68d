/// pbctl's exit statuses, as `pbctl --help` and the README list them.
public enum PbctlExit: Int32, Sendable, CaseIterable {
    /// Done: the service answered and did what was asked (a migration ended completed).
    case done = 0
    /// Refused or failed: the service answered with an error, or the work ended badly.
    case failed = 1
    /// Usage: a wrong command, argument, flag or configuration.
    case usage = 2
    /// No answer in time: the broker or the service did not answer within `--timeout`.
    case noAnswer = 3
    /// Not found: the guest, node, migration or destination does not exist.
    case notFound = 4

    /// The status for a service's error `code` (`docs/mqtt-api.md`): `not_found` is 4, every
    /// other refusal 1.
    public static func forErrorCode(_ code: String) -> PbctlExit {
        code == "not_found" ? .notFound : .failed
    }

    /// The lines `pbctl --help` shows about exit statuses.
    public static let helpText = """
        Exit status: 0 done, 1 refused or failed (the service's error is printed as it answered: \
        code and message), 2 usage, 3 no answer in time (--timeout), 4 not found.
        """
}

/// Why pbctl stops: a message for standard error and the exit status.
public struct PbctlFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var exit: PbctlExit
    public var message: String

    public init(_ exit: PbctlExit, _ message: String) {
        self.exit = exit
        self.message = message
    }

    /// A service's refusal, printed as it answered: `<code>: <message>`.
    public static func refused(code: String, message: String) -> PbctlFailure {
        PbctlFailure(.forErrorCode(code), "\(code): \(message)")
    }

    public var description: String { message }
}
