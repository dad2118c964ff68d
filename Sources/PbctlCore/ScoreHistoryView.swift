public import Contract

/// `pbctl score-history [node]`: scoring's `score_history` answer as a headline, a sparkline per
/// series and one row per step. Pure.
public enum ScoreHistoryView {
    /// The series of a node's answer (`score_before`, `score_after`, `suitability`) or the
    /// cluster's (`health_before`, `health_after`), with their column titles.
    public static func series(_ result: JSONValue) -> [(key: String, title: String)] {
        result["node"]?.string == nil
            ? [("health_before", "HEALTH"), ("health_after", "AFTER PLAN")]
            : [("score_before", "SCORE"), ("score_after", "AFTER PLAN"), ("suitability", "SUITABILITY")]
    }

    /// The view as lines, at most `width` columns (80 when `nil`).
    public static func render(_ result: JSONValue, window: String, width: Int?, unicode: Bool, style: Style) -> [String] {
        let points = result["points"]?.items ?? []
        let who = result["node"]?.string.map { "node \($0)" } ?? "cluster"
        var lines = ["\(who) score history over \(window)\(HistoryChart.span(result))"]
        guard !points.isEmpty else {
            lines.append("no score history yet for the \(who) in the last \(window)")
            return lines
        }
        let columns = series(result)
        let sparkWidth = max(HistoryChart.minimumBarWidth, (width ?? HistoryChart.defaultWidth) - 13)
        for (key, title) in columns {
            let values = points.map { $0[key]?.double }
            let high = max(100, values.compactMap { $0 }.max() ?? 0)
            let line = Sparkline.line(values, low: 0, high: high, width: sparkWidth, unicode: unicode)
            lines.append(HistoryChart.pad(title, 12, left: true) + " " + style.paint(line, .bold))
        }
        let plans = points.reduce(0) { $0 + ($1["plans"]?.int ?? 0) }
        lines.append(
            "\(points.count) point\(points.count == 1 ? "" : "s") from \(plans) plan\(plans == 1 ? "" : "s") (lower score is better, higher health)")
        lines.append(
            HistoryChart.pad("TIME", 11, left: true) + HistoryChart.pad("PLANS", 7) + columns.map { HistoryChart.pad($0.title, 13) }.joined())
        for point in points {
            let cells = columns.map { HistoryChart.pad(Format.number(point[$0.key]?.double), 13) }.joined()
            lines.append(HistoryChart.time(point["at"]?.string) + HistoryChart.pad("\(point["plans"]?.int ?? 0)", 7) + cells)
        }
        return lines
    }
}
