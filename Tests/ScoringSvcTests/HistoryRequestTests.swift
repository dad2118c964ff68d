import Contract
import Foundation
import ScoringSvc
import Testing

@Suite("History: request, resolution and CSV")
struct HistoryRequestTests {
    @Test("the step follows the window: 1 min to 6 h, hourly to 7 d, 6-hourly beyond, never over 500 points")
    func resolution() {
        #expect(HistoryResolution.step(window: 3600) == 60)
        #expect(HistoryResolution.step(window: 6 * 3600) == 60)
        #expect(HistoryResolution.step(window: 6 * 3600 + 60) == 3600)
        #expect(HistoryResolution.step(window: 7 * 86_400) == 3600)
        #expect(HistoryResolution.step(window: 8 * 86_400) == 21_600)
        for window: Int64 in [3600, 5 * 3600, 86_400, 7 * 86_400, 30 * 86_400, 90 * 86_400] {
            #expect(window / HistoryResolution.step(window: window) <= Int64(HistoryResolution.maximumPoints))
        }
    }

    @Test("stats: min, max, average and nearest-rank p95; combined parts weigh by samples")
    func stats() {
        let values = (1...100).map(Double.init)
        #expect(MetricStats.of(values) == MetricStats(min: 1, max: 100, avg: 50.5, p95: 95))
        #expect(MetricStats.of([]) == nil)
        let combined = MetricStats.combine([
            (MetricStats(min: 1, max: 3, avg: 2, p95: 3), 3), (MetricStats(min: 10, max: 10, avg: 10, p95: 10), 1),
        ])
        #expect(combined == MetricStats(min: 1, max: 10, avg: 4, p95: 10))
    }

    @Test(
        "errors name the field",
        arguments: [
            (#"{"id":"1"}"#, "invalid", "node"),
            (#"{"id":"1","node":"pve1","vmid":101}"#, "invalid", "vmid"),
            (#"{"id":"1","node":"pve1","window":"2w"}"#, "invalid", "window"),
            (#"{"id":"1","node":"pve1","window":"91d"}"#, "invalid", "window"),
            (#"{"id":"1","vmid":101,"window":"30m"}"#, "invalid", "window"),
            (#"{"id":"1","vmid":5}"#, "invalid", "vmid"),
            (#"{"id":"1","vmid":101,"format":"xml"}"#, "malformed", "format"),
            (#"{"id":"1","vmid":101,"windows":"1h"}"#, "invalid", "windows"),
        ])
    func errors(payload: String, code: String, field: String) {
        #expect(throws: ReplyError.self) { try HistoryRequest.decode(Data(payload.utf8)) }
        do {
            _ = try HistoryRequest.decode(Data(payload.utf8))
        } catch {
            #expect(error.code == code)
            #expect(error.message.contains(field), "\(error.message)")
        }
    }

    @Test("windows in minutes, hours and days")
    func windows() throws {
        #expect(try HistoryRequest(node: "pve1", window: "90m").windowSeconds() == 5400)
        #expect(try HistoryRequest(node: "pve1", window: "90d").windowSeconds() == 90 * 86_400)
        #expect(try HistoryRequest(node: "pve1").windowSeconds() == 86_400)
    }

    @Test("CSV: a header of min/max/avg/p95 per metric, one line per point, blanks where a metric is missing")
    func csv() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let series = HistorySeries(
            node: "pve1", vmid: nil, from: at, to: at, stepSeconds: 60, metrics: ["cpu_pct", "load1"],
            points: [
                .init(at: at, samples: 2, values: ["cpu_pct": MetricStats(min: 1, max: 2, avg: 1.5, p95: 2)]),
                .init(at: at.addingTimeInterval(60), samples: 1, backfilled: 1, values: ["load1": MetricStats(single: 3)]),
            ],
            coverage: .init(samples: 2, first: at, last: at, spanSeconds: 0, gaps: [], gapSeconds: 0))
        #expect(
            HistoryExport.csv(series)
                == "at,samples,backfilled,cpu_pct_min,cpu_pct_max,cpu_pct_avg,cpu_pct_p95,load1_min,load1_max,load1_avg,load1_p95\r\n"
                + "2027-01-15T08:00:00Z,2,0,1.00,2.00,1.50,2.00,,,,\r\n"
                + "2027-01-15T08:01:00Z,1,1,,,,,3.00,3.00,3.00,3.00\r\n")
    }
}
