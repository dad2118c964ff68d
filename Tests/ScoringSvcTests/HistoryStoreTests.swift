import Contract
import Foundation
import Logging
import ScoringSvc
import TestSupport
import Testing

@Suite("History: sample store in SQLite")
struct HistoryStoreTests {
    let directory: TemporaryDirectory
    let logger = Logger(label: "history-test")

    init() throws {
        directory = try TemporaryDirectory(prefix: "scoring-history")
    }

    @Test("samples are stored per node, kept once per time, pruned by age and survive reopening")
    func storeAndPrune() async throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = ServiceFixtures.snapshot(at: start)
        do {
            let store = HistoryStore(database: try ScoringDatabase.open(directory: directory.path, logger: logger))
            try await store.record(NodeSample.samples(of: first))
            try await store.record(NodeSample.samples(of: first))  // the same retained snapshot again
            try await store.record(NodeSample.samples(of: ServiceFixtures.snapshot(at: start.addingTimeInterval(8 * 86_400))))
        }
        let store = HistoryStore(database: try ScoringDatabase.open(directory: directory.path, logger: logger))
        let all = try await store.samples(since: .distantPast)
        #expect(Set(all.keys) == ["pve1", "pve2", "pve3"])
        #expect(all["pve1"]?.count == 2)
        #expect(all["pve1"]?.first == NodeSample(node: "pve1", at: start, cpuPct: 82, memoryPct: 71, iowaitPct: 1.5))

        let removed = try await store.prune(before: start.addingTimeInterval(7 * 86_400))
        #expect(removed == 3)
        #expect(try await store.samples(since: .distantPast)["pve1"]?.map(\.at) == [start.addingTimeInterval(8 * 86_400)])
    }

    @Test("compaction averages whole hours before the cutoff, once, in the store and the window alike")
    func compaction() async throws {
        let hour = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 3600))
        // Two hours of samples every 20 minutes on pve1 (CPU 10, 20, 30 then 40, 50, 60), and one more recent.
        let samples = [0, 20, 40, 60, 80, 100, 200].enumerated().map { index, minutes in
            NodeSample(
                node: "pve1", at: hour.addingTimeInterval(Double(minutes) * 60), cpuPct: Double(index + 1) * 10,
                memoryPct: 50, iowaitPct: index < 3 ? 2 : nil)
        }
        let store = HistoryStore(database: try ScoringDatabase.open(directory: directory.path, logger: logger))
        try await store.record(samples)
        let cutoff = hour.addingTimeInterval(2 * 3600)
        try await store.compact(before: cutoff)
        try await store.compact(before: cutoff)  // again: nothing changes
        let stored = try await store.samples(since: .distantPast)["pve1"] ?? []
        #expect(stored.map(\.at) == [hour, hour.addingTimeInterval(3600), hour.addingTimeInterval(200 * 60)])
        #expect(stored.map(\.cpuPct) == [20, 50, 70])
        #expect(stored.map(\.iowaitPct) == [2, nil, nil])

        var window = SampleWindow(["pve1": samples])
        window.compact(before: cutoff)
        window.compact(before: cutoff)
        #expect(window.samples["pve1"] == stored)
    }

    @Test("a node without a CPU reading (offline) gives no sample")
    func offlineNode() {
        var snapshot = ServiceFixtures.snapshot()
        snapshot.nodes[2].cpuPct = nil
        #expect(NodeSample.samples(of: snapshot).map(\.node) == ["pve1", "pve2"])
    }
}
