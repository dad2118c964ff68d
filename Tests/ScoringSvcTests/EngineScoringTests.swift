import Contract
import Foundation
import Testing

@testable import ScoringEngine
@testable import ScoringSvc

/// The penalty rules and score parts, pinned to their documented values.
@Suite("Engine: node scoring")
struct EngineScoringTests {
    static let gib = Lab.gib

    func load(
        cpu: Double, memory: Double = 10, threads: Int = 32, day: Double? = nil, week: Double? = nil,
        trend: NodeTrend? = nil
    ) -> NodeLoad {
        NodeLoad(
            name: "n", cpuThreads: threads, memoryTotalBytes: 100 * Self.gib,
            memoryUsedBytes: Int64(memory) * Self.gib, cpuPct: cpu, cpuAvg24h: day, cpuAvg7d: week, cpuTrend: trend)
    }

    @Test(
        "current CPU bands: above T, T+10, T+20 give 20, 50, 100",
        arguments: [
            (59.9, 0.0), (60.1, 20.0), (70.5, 50.0), (80.5, 100.0),
        ])
    func cpuBands(cpu: Double, points: Double) {
        let score = NodeScorer.score(node: load(cpu: cpu))
        #expect(score.penalties.value(of: .cpuCurrent) == points)
    }

    @Test("CPU is time-weighted 0.5 / 0.3 / 0.2 when history is known; memory never is")
    func timeWeighting() {
        let weighted = load(cpu: 80, day: 50, week: 40)
        #expect(abs(weighted.weightedCPU(PenaltyConfiguration()) - 63) < 1e-9)
        #expect(load(cpu: 80).weightedCPU(PenaltyConfiguration()) == 80)
        #expect(weighted.memoryPct == 10)
    }

    @Test("memory penalties are capped at 60 together, scaled proportionally")
    func memoryCap() {
        var node = load(cpu: 10, memory: 95)
        node.memoryAvg7d = 96
        node.memoryMax7d = 99
        let score = NodeScorer.score(node: node)
        let memory = score.penalties.penalties.filter(\.family.isMemory)
        // Uncapped: current 50 + predicted 50 + sustained 60 + spikes 20 = 180 → × 1/3.
        #expect(abs(memory.reduce(0) { $0 + $1.value } - 60) < 1e-9)
        #expect(abs(score.penalties.value(of: .memSustained) - 20) < 1e-9)
        #expect(abs(score.penalties.memoryScale - 1.0 / 3) < 1e-9)
    }

    @Test(
        "overcommit: none at 1.2, 8 just above, 17 at 1.6, 25 from 2.0",
        arguments: [
            (1.2, 0.0), (1.21, 8.0), (1.6, 17.0), (2.5, 25.0),
        ])
    func overcommit(ratio: Double, points: Double) {
        var node = load(cpu: 10)
        node.committedMemoryBytes = Int64(ratio * 100 * Double(Self.gib))
        #expect(NodeScorer.score(node: node).penalties.value(of: .memOvercommit) == points)
    }

    @Test(
        "CPU stability scales CPU penalties: 85 → ×0.7, 65 → ×0.85, 30 → ×1.3",
        arguments: [
            (85.0, 14.0), (65.0, 17.0), (50.0, 20.0), (30.0, 26.0),
        ])
    func stability(stability: Double, points: Double) {
        let trend = NodeTrend(cpuSlopePctPerDay: 0, cpuR2: 0, samples: 0, cpuStability: stability)
        let score = NodeScorer.score(node: load(cpu: 65, trend: trend))
        #expect(score.penalties.value(of: .cpuCurrent) == points)
    }

    @Test("a rising CPU trend adds 15 / 30 / 45 with a good fit, half with a fair one")
    func trend() {
        func points(_ slope: Double, r2: Double, samples: Int = 48) -> Double {
            let trend = NodeTrend(cpuSlopePctPerDay: slope, cpuR2: r2, samples: samples, cpuStability: 50)
            return NodeScorer.score(node: load(cpu: 10, trend: trend)).penalties.value(of: .cpuTrend)
        }
        #expect(points(0.7, r2: 0.9) == 15)
        #expect(points(2, r2: 0.9) == 30)
        #expect(points(5, r2: 0.9) == 45)
        #expect(points(2, r2: 0.5) == 15)
        #expect(points(2, r2: 0.1) == 0)
        #expect(points(-3, r2: 0.9) == 0)
    }

    @Test("the score total is 0.25 health + 0.40 predicted health + 0.20 headroom + 0.15 storage + penalties")
    func totalFormula() {
        let node = load(cpu: 40, memory: 50)
        let score = NodeScorer.score(node: node)
        // health = 0.4·40 + 0.15·50 = 23.5; predicted = 0.4·40 + 0.15·50 + 0.15·40 + 0.05·50 = 32;
        // headroom = 100 − (60·0.65 + 50·0.35) = 43.5; no penalties.
        #expect(abs(score.health - 23.5) < 1e-9)
        #expect(abs(score.predictedHealth - 32) < 1e-9)
        #expect(abs(score.headroom - 43.5) < 1e-9)
        #expect(abs(score.total - (0.25 * 23.5 + 0.40 * 32 + 0.20 * 43.5)) < 1e-9)
        #expect(score.suitability == ((100 - score.total) * 10).rounded() / 10)
    }

    @Test("predicted load adds the guest's cores over the node's threads and its memory")
    func predicted() {
        let node = load(cpu: 40, memory: 50)
        let guest = GuestLoad(cpuCores: 8, memoryUsedBytes: 10 * Self.gib, memoryMaxBytes: 16 * Self.gib)
        let predicted = PredictedLoad(node: node, arriving: guest)
        #expect(predicted.cpuPct == 65)
        #expect(predicted.memoryPct == 60)
        #expect(NodeScorer.score(node: node, adding: [guest]).penalties.value(of: .cpuPredicted) == 25)
    }

    @Test("memory gate: committed + arrivals + guest may reach exactly 95 %, not a byte more")
    func memoryGate() {
        var target = load(cpu: 10)
        target.committedMemoryBytes = 80 * Self.gib
        let fits = GuestLoad(cpuCores: 1, memoryUsedBytes: 0, memoryMaxBytes: 10 * Self.gib)
        let pending = GuestLoad(cpuCores: 1, memoryUsedBytes: 0, memoryMaxBytes: 5 * Self.gib)
        let planned = target.moving(pending, arriving: true)
        #expect(MemoryGate.fits(fits, on: planned))
        var tooBig = fits
        tooBig.memoryMaxBytes += 1
        #expect(!MemoryGate.fits(tooBig, on: planned))
    }

    @Test("penalty configuration validation names the field")
    func validation() {
        var settings = ScoringSettings()
        settings.penalties.weightCurrent = 0.9
        #expect(throws: PenaltyConfigurationError.self) { try settings.validate() }
        do {
            try settings.validate()
        } catch {
            #expect(error.field == "penalties.weight_current")
        }
        settings = ScoringSettings()
        settings.maxMovesPerPlan = 0
        #expect((try? settings.validate()) == nil)
    }
}
