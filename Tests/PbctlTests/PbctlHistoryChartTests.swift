import Contract
import Foundation
import PbctlCore
import StackSupport
import TestSupport
import Testing

/// `pbctl history <node|vmid>` and `pbctl score-history` against the real stack: scoring's
/// `history` and `score_history` through the broker and the real `pb-scoring`, from the snapshots
/// it received.
@Suite("pbctl history charts on the real stack", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct PbctlHistoryChartTests {
    @Test(
        "a node's CPU as a chart with its evidence, scoring's CSV, a guest's memory; score history; refusals and usage errors",
        .timeLimit(.minutes(3)))
    func history() async throws {
        try await ConsoleStack.run(executor: false) { stack in
            let pbctl = PbctlStackTests.runner(stack)
            #expect(try await PbctlStackTests.plan(pbctl).isEmpty == false, "a plan: scoring has snapshots in its history")

            let chart = try await pbctl("history", "pve3", "--window", "1h")
            #expect(chart.status == 0, "\(chart)")
            #expect(chart.lines.first?.hasPrefix("node pve3 cpu_pct over 1h from ") == true, "\(chart)")
            let rows = chart.lines.filter { $0.range(of: #"^\d\d-\d\d \d\d:\d\d +\d"#, options: .regularExpression) != nil }
            #expect(!rows.isEmpty && rows.allSatisfy { $0.contains("*") && $0.contains(" %") }, "\(chart)")
            #expect(chart.lines.contains { $0.hasPrefix("avg  ") }, "a sparkline: \(chart)")
            #expect(
                chart.lines.last?.hasPrefix("history: ") == true
                    && chart.lines.last?.range(of: #" samples? over "#, options: .regularExpression) != nil, "\(chart)")
            #expect(chart.lines.allSatisfy { $0.count <= 80 }, "80 columns without a terminal")
            #expect(chart.output.unicodeScalars.allSatisfy { $0.isASCII || $0 == "–" }, "plain ASCII on a pipe: \(chart)")

            let csv = try await pbctl("history", "pve3", "--window", "1h", "--csv")
            #expect(csv.status == 0, "\(csv)")
            #expect(csv.output.hasPrefix("at,samples,backfilled,cpu_pct_min,cpu_pct_max,cpu_pct_avg,cpu_pct_p95,memory_pct_min"), "\(csv)")
            #expect(csv.output.contains("\r\n"), "RFC 4180 lines as scoring writes them")

            let json = try (try await pbctl("history", "pve3", "--window", "1h", "--json")).json()
            #expect(json["points"]?.items.isEmpty == false, "\(json)")

            let guest = try await pbctl("history", "153", "--metric", "memory")
            #expect(guest.status == 0, "\(guest)")
            #expect(guest.lines.first?.hasPrefix("guest 153 memory_used_bytes over 24h") == true, "\(guest)")
            #expect(guest.output.contains("GiB") || guest.output.contains("MiB"), "\(guest)")

            let scores = try await pbctl("score-history", "pve3", "--window", "1h")
            #expect(scores.status == 0, "\(scores)")
            #expect(scores.lines.first?.hasPrefix("node pve3 score history over 1h") == true, "\(scores)")
            #expect(scores.lines.contains { $0.hasPrefix("SUITABILITY ") }, "\(scores)")
            let cluster = try await pbctl("score-history")
            #expect(cluster.status == 0 && cluster.lines.first?.hasPrefix("cluster score history over 24h") == true, "\(cluster)")

            let badWindow = try await pbctl("history", "pve3", "--window", "1y")
            #expect(badWindow.status == 1, "\(badWindow)")
            #expect(badWindow.errors.contains("invalid: window: '1y' is not a duration like 90m, 6h or 7d"), "\(badWindow)")
            let unknown = try await pbctl("history", "ghost")
            #expect(unknown.status == 4 && unknown.errors.contains("not_found"), "\(unknown)")
            let noIOWait = try await pbctl("history", "153", "--metric", "iowait")
            #expect(noIOWait.status == 2 && noIOWait.errors.contains("a guest has cpu and memory"), "\(noIOWait)")
            let mixed = try await pbctl("history", "pve3", "--state", "failed")
            #expect(mixed.status == 2 && mixed.errors.contains("past migrations"), "\(mixed)")
            let completion = try await pbctl("--generate-completion-script", "bash")
            #expect(completion.output.contains("score-history"))
        }
    }
}
