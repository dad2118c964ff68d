import Contract
import Logging

/// Logging set-up for a service executable.
public enum ServiceLogging {
    /// Sends every log line to standard error. Call once, first thing in `main`; each service's
    /// logger sets its own level (`PROXBALANCE_LOG_LEVEL`).
    public static func bootstrap() {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
    }

    /// A logger labelled with the service name.
    public static func logger(for service: ServiceName) -> Logger {
        Logger(label: service.rawValue)
    }
}
