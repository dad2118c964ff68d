import Contract
import Foundation
import ScoringSvc
import Testing

@Suite("History: the trend window")
struct HistoryTrendWindowTests {
    @Test("compaction averages whole hours before the cutoff, once")
    func compaction() {
        let hour = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 3600))
        // Two hours of samples every 20 minutes on pve1 (CPU 10, 20, 30 then 40, 50, 60), and one more recent.
        let samples = [0, 20, 40, 60, 80, 100, 200].enumerated().map { index, minutes in
            NodeSample(
                node: "pve1", at: hour.addingTimeInterval(Double(minutes) * 60), cpuPct: Double(index + 1) * 10,
                memoryPct: 50, iowaitPct: index < 3 ? 2 : nil)
        }
        let cutoff = hour.addingTimeInterval(2 * 3600)
        var window = SampleWindow(["pve1": samples])
        window.compact(before: cutoff)
        window.compact(before: cutoff)  // again: nothing changes
        let compacted = window.samples["pve1"] ?? []
        #expect(compacted.map(\.at) == [hour, hour.addingTimeInterval(3600), hour.addingTimeInterval(200 * 60)])
        #expect(compacted.map(\.cpuPct) == [20, 50, 70])
        #expect(compacted.map(\.iowaitPct) == [2, nil, nil])
    }

    @Test("a node without a CPU reading (offline) gives no sample")
    func offlineNode() {
        var snapshot = ServiceFixtures.snapshot()
        snapshot.nodes[2].cpuPct = nil
        #expect(NodeSample.samples(of: snapshot).map(\.node) == ["pve1", "pve2"])
    }
}
