import Contract
import ExecutorSvc
import Foundation
import TestSupport
import Testing

/// The moves made outside ProxBalance in the executor's real SQLite file.
@Suite("Outside moves store")
struct OutsideMovesTests {
    @Test("a move is recorded once however often it is delivered, kept across reopening, and purged by age")
    func recordOnce() async throws {
        let directory = try TemporaryDirectory(prefix: "outside-moves")
        defer { directory.remove() }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let recent = PlacementChange(vmid: 116, from: "pve3", to: "pve4", at: now.addingTimeInterval(-600), by: .outside)
        let old = PlacementChange(vmid: 113, from: "pve3", to: "pve5", at: now.addingTimeInterval(-100 * 86_400), by: .outside)
        do {
            let moves = OutsideMoves(database: try ExecutorDatabase.open(directory: directory.path, cluster: "lab", logger: RunnerHarness.logger))
            #expect(try await moves.record(recent))
            #expect(try await !moves.record(recent), "a redelivered change is no new move")
            #expect(try await moves.record(old))
        }
        let moves = OutsideMoves(database: try ExecutorDatabase.open(directory: directory.path, cluster: "lab", logger: RunnerHarness.logger))
        #expect(try await moves.since(.distantPast) == [old, recent])
        #expect(try await moves.since(now.addingTimeInterval(-7 * 86_400)) == [recent])
        #expect(try await moves.delete(before: now.addingTimeInterval(-90 * 86_400)) == 1)
        #expect(try await moves.since(.distantPast) == [recent])
    }
}
