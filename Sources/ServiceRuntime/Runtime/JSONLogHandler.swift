import Contract
import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line:
/// `{"time":"2025-01-31T12:00:00.123Z","level":"info","service":"collector","cluster":"lab","message":"…",…}`.
///
/// Fields in order: `time` (UTC, ISO 8601 with milliseconds), `level`, `service` (the logger's
/// label), `cluster` when the metadata holds one, `message`, then every other metadata item by
/// key — strings as strings, nested dictionaries and lists as JSON objects and arrays — then
/// `source` (the module) and `file` (`Module/File.swift:line`). A metadata key that is one of
/// these field names is written as `metadata.<key>`; an error logged with the message adds
/// `error.message` and `error.type`, as swift-log's text handler does. Any message is valid
/// JSON on one line: quotes, backslashes and control characters (newlines too) are escaped.
public struct JSONLogHandler: LogHandler {
    /// Field names of the line itself, never taken by metadata.
    static let reservedFields: Set<String> = ["time", "level", "service", "message", "source", "file"]

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: @Sendable (Data) -> Void

    /// A handler for the logger labelled `label` that hands each line (with its newline) to
    /// `output`: by default, one write to standard error.
    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
        output: @escaping @Sendable (Data) -> Void = JSONLogHandler.standardError
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    /// Writes `line` to standard error in one call; a failed write is dropped.
    public static let standardError: @Sendable (Data) -> Void = { line in
        try? FileHandle.standardError.write(contentsOf: line)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, provided in provided } }
        if let explicit = event.metadata { fields.merge(explicit) { _, explicit in explicit } }
        if let error = event.error {
            fields["error.message"] = "\(error)"
            fields["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var line = JSONLogLine()
        line.field("time", Self.timestamp(Date()))
        line.field("level", event.level.rawValue)
        line.field("service", label)
        if let cluster = fields.removeValue(forKey: "cluster") { line.field("cluster", cluster) }
        line.field("message", event.message.description)
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line.field(Self.reservedFields.contains(key) ? "metadata.\(key)" : key, value)
        }
        line.field("source", event.source)
        line.field("file", "\(event.file):\(event.line)")
        output(line.finished())
    }

    /// `2025-01-31T12:00:00.123Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
