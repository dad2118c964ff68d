import Logging

/// Logging set-up for a service executable.
public enum ServiceLogging {
    /// Sends every log line to standard error with the service name as label and `level` as
    /// the threshold. Call once, first thing in `main`.
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// A logger labelled with the service name.
    public static func logger(for service: String) -> Logger {
        Logger(label: service)
    }
}
