import Contract
import Foundation
import PbctlCore
import StackSupport
import TestSupport
import Testing

/// `pbctl simulate` against the real stack on the demo cluster (pve3 overloaded): scoring's
/// `simulate` request through the broker and the real `pb-scoring`, changing nothing.
@Suite("pbctl simulate on the real stack", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct PbctlSimulateTests {
    @Test("min_confidence=100 makes every move disappear, shown as a table and as JSON; nothing is changed", .timeLimit(.minutes(3)))
    func simulate() async throws {
        try await ConsoleStack.run { stack in
            let pbctl = PbctlStackTests.runner(stack)
            // The plan follows each new snapshot, so every check compares with the plan the
            // simulation itself calls current, not with one read before it.
            #expect(try await PbctlStackTests.plan(pbctl).isEmpty == false, "the demo has moves to simulate away")

            let table = try await pbctl("simulate", "min_confidence=100")
            #expect(table.status == 0, "\(table)")
            let current = try #require(table.lines.first.flatMap(Self.moveCount), "\(table)")
            #expect(current > 0, "\(table)")
            #expect(table.output.contains("proposed: no_improvement, 0 moves"), "\(table)")
            #expect(table.lines.contains { $0.hasPrefix("CHANGE") && $0.contains("GUEST") }, "\(table)")
            #expect(table.lines.filter { $0.hasPrefix("-") && $0.contains(" → ") }.count == current, "\(table)")
            #expect(["pve3", "pve4", "pve5", "pve6"].allSatisfy { node in table.lines.contains { $0.hasPrefix(node) } }, "\(table)")

            let json = try (try await pbctl("simulate", "min_confidence=100", "--json")).json()
            #expect(json["disappeared"]?.items.count == json["current"]?["moves"]?.int, "\(json)")
            #expect(json["proposed"]?["moves"]?.int == 0)
            #expect(json["proposed"]?["cluster_health_after"] == json["proposed"]?["cluster_health_before"], "no move, no change of health")
            #expect(json["settings"]?["min_confidence"]?.double == 100)
            #expect(json["nodes"]?.items.allSatisfy { $0["delta"]?.double == 0 } == true, "min_confidence changes no score")

            let same = try await pbctl("simulate", "sensitivity=balanced")
            #expect(same.output.contains("no recommendation would change ("), "\(same)")

            let refused = try await pbctl("simulate", "sensitivity=wild")
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.errors.contains("invalid: sensitivity"), "\(refused)")

            let stored = try await pbctl("settings", "get", "scoring", "min_confidence")
            #expect(stored.output == "min_confidence = 0\n", "the simulation changed no setting: \(stored)")
            #expect(try await PbctlStackTests.plan(pbctl).isEmpty == false, "nor the plan")

            let completion = try await pbctl("--generate-completion-script", "bash")
            #expect(completion.output.contains("simulate"))
        }
    }

    /// N of a headline "current: recommendations, N moves, …".
    static func moveCount(_ line: String) -> Int? {
        guard line.hasPrefix("current:"), let part = line.split(separator: ",").dropFirst().first else { return nil }
        return Int(part.split(separator: " ").first ?? "")
    }
}
