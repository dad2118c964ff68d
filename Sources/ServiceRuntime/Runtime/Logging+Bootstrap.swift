import Contract
import Logging

/// Logging set-up for a service executable.
public enum ServiceLogging {
    /// Sends every log line to standard error in `format`; with `.json`, lines carry `cluster`
    /// (when given) unless a logger's metadata names another. Call once per process
    /// (`ServiceProcess` does, once the settings are read); each service's logger sets its own
    /// level (`PROXBALANCE_LOG_LEVEL`).
    public static func bootstrap(_ format: LogFormat = .text, cluster: String? = nil) {
        switch format {
        case .text:
            LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                if let cluster { handler[metadataKey: "cluster"] = "\(cluster)" }
                return handler
            }
        }
    }

    /// A logger labelled with the service name.
    public static func logger(for service: ServiceName) -> Logger {
        Logger(label: service.rawValue)
    }
}
