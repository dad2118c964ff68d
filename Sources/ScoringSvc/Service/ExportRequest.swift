import Contract

/// The `export` request: `{"format": "csv"}` or `{"format": "json"}`.
public struct ExportRequest: Codable, Sendable, Equatable, RequestBody {
    public var format: Format

    public init(format: Format) {
        self.format = format
    }

    public static let keys = ["format"]

    /// What the export answers with: a CSV text, or the recommendations as a JSON array.
    public enum Format: String, Codable, Sendable, CaseIterable, KnownValues {
        case csv, json
    }
}
