import Foundation

/// How a service writes its log lines on standard error (`log.format`,
/// `PROXBALANCE_LOG_FORMAT`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// swift-log's text lines: `<time> <level> <service>: <metadata> [<module>] <message>`.
    case text
    /// One JSON object per line (`JSONLogHandler`).
    case json

    /// Reads `log.format`; `text` when unset.
    /// - Throws: `ConfigurationError` for any other value.
    public init(source: ConfigSource) throws {
        let text = source.string("log.format") ?? Self.text.rawValue
        guard let format = Self(rawValue: text.lowercased().trimmingCharacters(in: .whitespaces)) else {
            throw ConfigurationError(
                setting: ConfigSource.environmentName("log.format"),
                problem: "'\(text)' is not one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = format
    }
}
