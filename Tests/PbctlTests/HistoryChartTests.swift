import Contract
import PbctlCore
import Testing

/// pbctl's history charts without a bus: sparklines, range bars, the chart's lines and the
/// evidence line, from answers shaped as scoring's `history` and `score_history`.
@Suite("pbctl history charts")
struct HistoryChartTests {
    @Test("a sparkline: lowest to highest level, blanks where a value is absent, ASCII without a terminal, averaged to fit")
    func sparkline() {
        #expect(Sparkline.line([0, 50, 100, nil], low: 0, high: 100, width: 10, unicode: true) == "▁▅█ ")
        #expect(Sparkline.line([0, 50, 100, nil], low: 0, high: 100, width: 10, unicode: false) == "_=# ")
        #expect(Sparkline.line([150, -5], low: 0, high: 100, width: 10, unicode: false) == "#_", "clamped to the scale")
        let long = Sparkline.line((0..<200).map { Double($0 % 2 == 0 ? 0 : 100) }, low: 0, high: 100, width: 20, unicode: false)
        #expect(long.count == 20)
        #expect(long == String(repeating: "=", count: 20), "pairs of 0 and 100 average to 50: \(long)")
        #expect(Sparkline.buckets([1, nil, 3, 5], count: 2) == [1, 4])
    }

    @Test("a range bar: dashes from min to max, the average marked, inside the width")
    func rangeBar() {
        #expect(Sparkline.range(min: 20, avg: 40, max: 60, low: 0, high: 100, width: 10, unicode: false) == "  --*--   ")
        #expect(Sparkline.range(min: 0, avg: 100, max: 100, low: 0, high: 100, width: 10, unicode: true) == "─────────●")
        #expect(Sparkline.range(min: nil, avg: nil, max: nil, low: 0, high: 100, width: 4, unicode: false) == "    ")
    }

    static func point(_ at: String, samples: Int, _ stats: (Double, Double, Double)?) -> JSONValue {
        var values: [String: JSONValue] = [:]
        if let (low, avg, high) = stats {
            values["cpu_pct"] = .object(["min": .number(low), "avg": .number(avg), "max": .number(high), "p95": .number(high)])
        }
        return .object(["at": .string(at), "samples": .number(Double(samples)), "values": .object(values)])
    }

    static func series(points: [JSONValue], samples: Int, gaps: Int = 0) -> JSONValue {
        .object([
            "node": .string("pve1"), "from": .string("2026-12-05T13:00:00Z"), "to": .string("2026-12-05T14:00:00Z"),
            "step_seconds": .number(60), "metrics": .array([.string("cpu_pct")]), "points": .array(points),
            "coverage": .object([
                "samples": .number(Double(samples)), "first": .string("2026-12-05T13:01:00Z"), "last": .string("2026-12-05T13:03:00Z"),
                "span_seconds": .number(120),
                "gaps": .array(
                    Array(repeating: .object(["from": .string("2026-12-05T13:10:00Z"), "to": .string("2026-12-05T13:40:00Z")]), count: gaps)),
                "gap_seconds": .number(Double(gaps * 1800)),
            ]),
        ])
    }

    @Test("the chart: headline, sparkline, one line per point with min, avg, max and its bar, the evidence; 80 columns")
    func chart() {
        let result = Self.series(
            points: [
                Self.point("2026-12-05T13:01:00Z", samples: 1, (10, 20, 30)), Self.point("2026-12-05T13:02:00Z", samples: 1, nil),
                Self.point("2026-12-05T13:03:00Z", samples: 1, (50, 70, 95.5)),
            ], samples: 2, gaps: 1)
        let lines = HistoryChart.render(result, metric: "cpu_pct", window: "1h", width: nil, unicode: false, style: .plain)
        #expect(lines.first == "node pve1 cpu_pct over 1h from 12-05 13:00 UTC, a point per 1 min")
        #expect(lines.contains("     min 10.0 %, mean 45.0 %, max 95.5 %"), "\(lines)")
        let rows = lines.filter { $0.hasPrefix("12-05 ") }
        #expect(rows.count == 3)
        #expect(rows[0].hasPrefix("12-05 13:01   10.0 %   20.0 %   30.0 %  "), "\(rows[0])")
        #expect(rows[0].contains("*") && rows[0].contains("-"))
        #expect(rows[1].hasPrefix("12-05 13:02        –        –        –"), "\(rows[1])")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.map(\.count))")
        #expect(lines.allSatisfy { $0.allSatisfy(\.isASCII) || $0.contains("–") }, "plain ASCII apart from the dash of a range")
        #expect(lines.last == "history: 2 samples over 2 min since 12-05 13:01 UTC, 1 gap (30 min)")
        let narrow = HistoryChart.render(result, metric: "cpu_pct", window: "1h", width: 60, unicode: true, style: .plain)
        #expect(narrow.filter { $0.hasPrefix("12-05 ") }.allSatisfy { $0.count <= 60 })
        #expect(narrow.contains { $0.contains("●") })
    }

    @Test("backfilled history: the evidence says how many samples came from Proxmox's RRD and how long real ones span")
    func backfilledEvidence() {
        guard case .object(var series) = Self.series(points: [], samples: 50), case .object(var coverage)? = series["coverage"] else {
            Issue.record("the fixture is an object")
            return
        }
        coverage["backfilled_samples"] = .number(48)
        coverage["real_span_seconds"] = .number(7_200)
        series["coverage"] = .object(coverage)
        #expect(HistoryChart.evidence(.object(series)).hasSuffix(", 48 backfilled from Proxmox's RRD (real samples over 2 h 0 min)"))
        #expect(!HistoryChart.evidence(Self.series(points: [], samples: 50)).contains("backfilled"))
    }

    @Test("no history yet: said as such, with the evidence line; guests chart memory in bytes and have no IO wait")
    func emptyAndGuests() {
        let lines = HistoryChart.render(
            Self.series(points: [], samples: 0), metric: "cpu_pct", window: "6h", width: 80, unicode: false, style: .plain)
        #expect(lines.contains("no history yet for node pve1 in the last 6h"), "\(lines)")
        #expect(lines.last == "history: no samples in the window")
        #expect(HistoryChart.metric("memory", guest: true) == "memory_used_bytes")
        #expect(HistoryChart.metric("memory", guest: false) == "memory_pct")
        #expect(HistoryChart.metric("iowait", guest: true) == nil)
        #expect(HistoryChart.metric("disk", guest: false) == nil)
        #expect(HistoryChart.value(2_147_483_648, metric: "memory_used_bytes") == "2.0 GiB")
    }

    @Test("score history: a sparkline per series and a row per step; the cluster's health without a node")
    func scoreHistory() {
        let node = JSONValue.object([
            "node": .string("pve1"), "from": .string("2026-12-05T13:00:00Z"), "to": .string("2026-12-05T14:00:00Z"), "step_seconds": .number(60),
            "points": .array([
                .object([
                    "at": .string("2026-12-05T13:01:00Z"), "plans": .number(2), "score_before": .number(61.2), "score_after": .number(44.8),
                    "suitability": .number(38.8),
                ])
            ]),
        ])
        let lines = ScoreHistoryView.render(node, window: "1h", width: 80, unicode: false, style: .plain)
        #expect(lines.first?.hasPrefix("node pve1 score history over 1h from 12-05 13:00 UTC") == true, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("SUITABILITY ") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("12-05 13:01") && $0.contains("61.2") && $0.contains("44.8") && $0.contains("38.8") }, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 80 })
        let cluster = JSONValue.object(["from": .string("2026-12-05T13:00:00Z"), "to": .string("2026-12-05T14:00:00Z"), "points": .array([])])
        let empty = ScoreHistoryView.render(cluster, window: "1h", width: 80, unicode: false, style: .plain)
        #expect(empty.last == "no score history yet for the cluster in the last 1h")
        #expect(ScoreHistoryView.series(cluster).map(\.key) == ["health_before", "health_after"])
    }
}
