import Contract

/// The `threshold_suggestions` request: `{"id": "1"}` over the analysis lookback, or with
/// `"window": "14d"` (read as `history` reads it, 1 h to 90 d).
public struct ThresholdSuggestionsRequest: Codable, Sendable, Equatable, RequestBody {
    public var window: String?

    public init(window: String? = nil) {
        self.window = window
    }

    public static let keys = ["window"]

    public func check() throws(ReplyError) {
        _ = try windowSeconds(lookbackHours: 1)
    }

    /// The window in seconds; without `window`, `lookbackHours` hours.
    public func windowSeconds(lookbackHours: Int) throws(ReplyError) -> Int64 {
        guard window != nil else { return Int64(lookbackHours) * 3600 }
        return try HistoryRequest(window: window).windowSeconds()
    }
}
