public import Contract

/// `pbctl history <node|vmid>`: scoring's `history` answer as a terminal chart — a headline, a
/// sparkline of the averages, one line per point (min, avg, max and a range bar) and the
/// evidence line (samples, span, gaps). Pure.
public enum HistoryChart {
    /// The metrics pbctl offers.
    public static let choices = ["cpu", "memory", "iowait"]

    /// The series' metric for a choice: nodes keep `cpu_pct`, `memory_pct`, `iowait_pct`;
    /// guests `cpu_pct` and `memory_used_bytes` (no IO wait). `nil` for anything else.
    public static func metric(_ choice: String, guest: Bool) -> String? {
        switch (choice, guest) {
        case ("cpu", _): "cpu_pct"
        case ("memory", false): "memory_pct"
        case ("memory", true): "memory_used_bytes"
        case ("iowait", false): "iowait_pct"
        default: nil
        }
    }

    /// The narrowest range bar drawn; below it the lines are left wider than the terminal.
    static let minimumBarWidth = 10
    /// The width used when the output is not a terminal.
    public static let defaultWidth = 80

    /// The chart as lines, at most `width` columns (80 when `nil`); block characters when
    /// `unicode`, else plain ASCII.
    public static func render(_ result: JSONValue, metric: String, window: String, width: Int?, unicode: Bool, style: Style) -> [String] {
        let columns = width ?? defaultWidth
        let points = result["points"]?.items ?? []
        let stats = points.map { $0["values"]?[metric] }
        var lines = [headline(result, metric: metric, window: window)]
        let averages = stats.map { $0?["avg"]?.double }
        guard averages.contains(where: { $0 != nil }) else {
            lines.append("no history yet for \(subject(result)) in the last \(window)")
            lines.append(evidence(result))
            return lines
        }
        let scale = self.scale(stats, metric: metric)
        let overall = summary(stats, metric: metric)
        let sparkWidth = max(minimumBarWidth, columns - 5)
        lines.append("avg  " + style.paint(Sparkline.line(averages, low: scale.low, high: scale.high, width: sparkWidth, unicode: unicode), .bold))
        lines.append(overall)
        // TIME (11) + three values (9 each) + two blanks + the bar.
        let barWidth = max(minimumBarWidth, columns - 11 - 27 - 2)
        let lowLabel = value(scale.low, metric: metric)
        lines.append(
            pad("TIME", 11, left: true) + pad("MIN", 9) + pad("AVG", 9) + pad("MAX", 9) + "  " + pad(lowLabel, barWidth / 2, left: true)
                + pad(value(scale.high, metric: metric), barWidth - barWidth / 2))
        for (point, stat) in zip(points, stats) {
            let low = stat?["min"]?.double
            let avg = stat?["avg"]?.double
            let high = stat?["max"]?.double
            let bar = Sparkline.range(min: low, avg: avg, max: high, low: scale.low, high: scale.high, width: barWidth, unicode: unicode)
            let row =
                time(point["at"]?.string) + pad(value(low, metric: metric), 9) + pad(value(avg, metric: metric), 9)
                + pad(value(high, metric: metric), 9) + "  " + bar
            lines.append(trimmed(row))
        }
        lines.append(evidence(result))
        return lines
    }

    /// `node pve1 cpu_pct over 1h from 12-05 13:25 UTC, a point per 1 min`.
    public static func headline(_ result: JSONValue, metric: String, window: String) -> String {
        "\(subject(result)) \(metric) over \(window)\(span(result))"
    }

    /// ` from 12-05 13:25 UTC, a point per 1 min`: where a series starts and its step.
    static func span(_ result: JSONValue) -> String {
        let step = result["step_seconds"]?.double.map { Format.duration($0) } ?? "?"
        return " from \(time(result["from"]?.string)) UTC, a point per \(step)"
    }

    /// `history: 58 samples over 59 min since 12-05 13:26 UTC, no gaps`, or `…, 2 gaps (3 h 0
    /// min)`; `history: no samples in the window` when there are none.
    public static func evidence(_ result: JSONValue) -> String {
        let coverage = result["coverage"]
        let samples = coverage?["samples"]?.int ?? 0
        guard samples > 0 else { return "history: no samples in the window" }
        let span = Format.duration(coverage?["span_seconds"]?.double ?? 0)
        var text = "history: \(samples) sample\(samples == 1 ? "" : "s") over \(span) since \(time(coverage?["first"]?.string)) UTC"
        let gaps = coverage?["gaps"]?.items.count ?? 0
        let gapSeconds = coverage?["gap_seconds"]?.double ?? 0
        if gaps == 0 && gapSeconds == 0 {
            text += ", no gaps"
        } else {
            text += ", \(gaps) gap\(gaps == 1 ? "" : "s") (\(Format.duration(gapSeconds)))"
        }
        if let backfilled = coverage?["backfilled_samples"]?.int, backfilled > 0 {
            let real = Format.duration(coverage?["real_span_seconds"]?.double ?? 0)
            text += ", \(backfilled) backfilled from Proxmox's RRD (real samples over \(real))"
        }
        return text
    }

    /// The lowest minimum, the mean of the points' averages and the highest maximum.
    static func summary(_ stats: [JSONValue?], metric: String) -> String {
        let lows = stats.compactMap { $0?["min"]?.double }
        let highs = stats.compactMap { $0?["max"]?.double }
        let averages = stats.compactMap { $0?["avg"]?.double }
        let mean = averages.isEmpty ? nil : averages.reduce(0, +) / Double(averages.count)
        return "     min \(value(lows.min(), metric: metric)), mean \(value(mean, metric: metric)), max \(value(highs.max(), metric: metric))"
    }

    /// The value axis: percentages from 0 to 100 (or their highest maximum when above), other
    /// metrics from 0 to their highest maximum.
    static func scale(_ stats: [JSONValue?], metric: String) -> (low: Double, high: Double) {
        let highest = stats.compactMap { $0?["max"]?.double ?? $0?["avg"]?.double }.max() ?? 0
        if metric.hasSuffix("_pct") { return (0, max(100, highest)) }
        return (0, highest > 0 ? highest : 1)
    }

    /// `41.5 %` for a percentage, `2.0 GiB` for bytes, else one decimal; `–` when absent.
    public static func value(_ number: Double?, metric: String) -> String {
        if metric.hasSuffix("_pct") { return Format.percent(number) }
        if metric.hasSuffix("_bytes") { return Format.bytes(number) }
        if metric.hasSuffix("_bps") { return Format.rate(number) }
        return Format.number(number)
    }

    /// `node pve1` or `guest 101`.
    static func subject(_ result: JSONValue) -> String {
        if let node = result["node"]?.string { return "node \(node)" }
        if let vmid = result["vmid"]?.int { return "guest \(vmid)" }
        return "?"
    }

    /// `12-05 13:25` (UTC), 11 characters.
    static func time(_ text: String?) -> String {
        let full = Format.time(text)
        guard full.count == 19 else { return pad(full, 11, left: true) }
        return String(full.dropFirst(5).prefix(11))
    }

    static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + fill : fill + text
    }

    static func trimmed(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }
}
