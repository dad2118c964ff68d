import Foundation
import Logging
import SQLite
import TestSupport
import Testing

@testable import ScoringSvc

@Suite("History: upgrade from the node sample store")
struct HistoryUpgradeTests {
    @Test("the node samples of an older database become the metrics history's, and trends keep them")
    func upgrade() async throws {
        let directory = try TemporaryDirectory(prefix: "scoring-upgrade")
        defer { directory.remove() }
        let logger = Logger(label: "upgrade-test")
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        do {
            let old = try SQLiteDatabase(path: directory.file(ScoringDatabase.fileName(cluster: nil)), logger: logger)
            try old.migrate(Array(ScoringDatabase.migrations.prefix(4)))
            try old.execute(
                "INSERT INTO node_samples (node, at, cpu_pct, memory_pct, iowait_pct) VALUES ('pve1', ?, 42.25, 60, NULL), ('pve1', ?, 44, 61, 1.5)",
                .real(at.timeIntervalSince1970), .real(at.timeIntervalSince1970 + 60))
        }
        let history = MetricsHistory(database: try ScoringDatabase.open(directory: directory.path, logger: logger))
        let samples = try await history.nodeSamples(since: at.addingTimeInterval(-3600), now: at.addingTimeInterval(120))
        #expect(
            samples == [
                "pve1": [
                    NodeSample(node: "pve1", at: at, cpuPct: 42.25, memoryPct: 60, iowaitPct: nil),
                    NodeSample(node: "pve1", at: at.addingTimeInterval(60), cpuPct: 44, memoryPct: 61, iowaitPct: 1.5),
                ]
            ])
    }
}
