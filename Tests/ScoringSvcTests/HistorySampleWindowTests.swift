import Foundation
import ScoringEngine
import ScoringSvc
import Testing

@Suite("History: in-memory sample window")
struct HistorySampleWindowTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func sample(_ node: String, minutes: Double, cpu: Double = 50) -> NodeSample {
        NodeSample(node: node, at: start.addingTimeInterval(minutes * 60), cpuPct: cpu)
    }

    @Test("appends newer samples per node, ignores repeats, keeps time order from unsorted input")
    func append() {
        var window = SampleWindow(["pve1": [sample("pve1", minutes: 2), sample("pve1", minutes: 1)]])
        window.append([sample("pve1", minutes: 2), sample("pve1", minutes: 3), sample("pve2", minutes: 3)])
        #expect(window.samples["pve1"]?.map(\.at) == [1, 2, 3].map { start.addingTimeInterval($0 * 60) })
        #expect(window.samples["pve2"]?.count == 1)
    }

    @Test("pruning drops old samples and nodes left empty")
    func prune() {
        var window = SampleWindow(["pve1": (0..<10).map { sample("pve1", minutes: Double($0)) }, "pve2": [sample("pve2", minutes: 1)]])
        window.prune(before: start.addingTimeInterval(5 * 60))
        #expect(window.samples["pve1"]?.count == 5)
        #expect(window.samples["pve2"] == nil)
    }

    @Test("trends come from the window once a node has four samples")
    func trends() {
        var window = SampleWindow()
        window.append([sample("pve1", minutes: 0, cpu: 10), sample("pve2", minutes: 0)])
        for minute in 1...3 { window.append([sample("pve1", minutes: Double(minute), cpu: 10 + Double(minute))]) }
        #expect(Set(window.trends.keys) == ["pve1"])
        #expect(window.trends["pve1"]?.samples == 4)
    }
}
