import Contract

/// The `threshold_suggestions` reply as a table. Pure.
public enum ThresholdView {
    /// One row per suggested setting: its value now, the suggestion, the busy level behind it
    /// and the confidence; then each suggestion's reasoning.
    public static func table(_ result: JSONValue) -> Table {
        Table(
            [
                .init("SETTING", flexible: true), .init("NOW", right: true), .init("SUGGESTED", right: true),
                .init("BUSY", right: true), .init("CONFIDENCE"),
            ],
            rows: (result["suggestions"]?.items ?? []).map { item in
                let confidence = item["confidence"]?.string ?? "?"
                return [
                    .init(item["setting"]?.string ?? "?"), .init(Format.number(item["current"]?.double)),
                    .init(Format.number(item["suggested"]?.double)), .init(Format.number(item["busy_level"]?.double)),
                    .init(confidence, tone: confidence == "high" ? .good : confidence == "low" ? .bad : nil),
                ]
            })
    }

    /// The reasoning of every suggestion, one line each.
    public static func reasons(_ result: JSONValue) -> [String] {
        (result["suggestions"]?.items ?? []).compactMap { $0["reasoning"]?.string }
    }
}
