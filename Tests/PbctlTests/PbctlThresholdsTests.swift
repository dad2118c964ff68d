import Contract
import Foundation
import PbctlCore
import StackSupport
import TestSupport
import Testing

/// `pbctl thresholds` against the real stack: scoring's `threshold_suggestions` request through
/// the broker and the real `pb-scoring`, from the history of the snapshots it received.
@Suite("pbctl thresholds on the real stack", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct PbctlThresholdsTests {
    @Test("suggestions as a table with their reasoning and as JSON; a bad window is refused naming it", .timeLimit(.minutes(3)))
    func thresholds() async throws {
        try await ConsoleStack.run { stack in
            let pbctl = PbctlStackTests.runner(stack)
            #expect(try await PbctlStackTests.plan(pbctl).isEmpty == false, "a plan: scoring has a snapshot in its history")

            let table = try await pbctl("thresholds", "--window", "1h")
            #expect(table.status == 0, "\(table)")
            #expect(table.lines.first?.hasPrefix("SETTING") == true, "\(table)")
            #expect(table.lines.contains { $0.hasPrefix("penalties.cpu_threshold") && $0.contains("low") }, "\(table)")
            #expect(table.lines.contains { $0.hasPrefix("Over ") && $0.contains("CPU") }, "\(table)")

            let json = try (try await pbctl("thresholds", "--json")).json()
            let cpu = try #require(json["suggestions"]?.items.first { $0["setting"]?.string == "penalties.cpu_threshold" }, "\(json)")
            #expect(cpu["current"]?.double == 60)
            #expect((50...90).contains(cpu["suggested"]?.double ?? 0), "\(cpu)")

            let refused = try await pbctl("thresholds", "--window", "1y")
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.errors.contains("invalid: window"), "\(refused)")
        }
    }
}
