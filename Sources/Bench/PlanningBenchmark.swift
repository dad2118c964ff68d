import Contract
import Foundation
import ScoringEngine
import ScoringSvc
import TestSupport

/// Plan generation and the plan's quality against its bounds: on the generated cluster with 7 days
/// of hourly history per node turned into trend summaries and node trends first (as the scoring service does on
/// every snapshot), then on each `ClusterShape` (no history) at every size.
enum PlanningBenchmark {
    /// Measures each shape and size, best of `repeats` runs.
    static func run(sizes: [(nodes: Int, guests: Int)], repeats: Int, maxMoves: Int) async -> [BenchReport.Planning] {
        var results: [BenchReport.Planning] = []
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var settings = ScoringSettings()
        settings.maxMovesPerPlan = maxMoves
        for size in sizes {
            let snapshot = SyntheticCluster.snapshot(nodes: size.nodes, guests: size.guests, seed: 42, at: now)
            let samples = history(snapshot, now: now)
            var bestTrend = Double.infinity
            var summary: HistorySummary = [:]
            var trends = ClusterTrends()
            let window = SampleWindow(samples)
            for _ in 0..<repeats {
                let (computed, seconds) = await measure {
                    (TrendAnalysis.summary(samples), ClusterTrends(nodes: window.nodeTrends(now: now, settings.penalties)))
                }
                bestTrend = min(bestTrend, seconds)
                (summary, trends) = computed
            }
            var input = PlanInput(snapshot: snapshot, history: summary, settings: settings, now: now)
            input.trends = trends
            if var row = await quality(shape: "synthetic", input, repeats: repeats) {
                row.historySamplesPerNode = samples.first?.value.count ?? 0
                row.trendMilliseconds = bestTrend * 1000
                results.append(row)
            }
        }
        for shape in ClusterShape.allCases {
            for size in sizes {
                let snapshot = shape.snapshot(nodes: size.nodes, guests: size.guests, seed: 42, at: now)
                let input = PlanInput(snapshot: snapshot, settings: settings, now: now)
                if let row = await quality(shape: shape.rawValue, input, repeats: repeats) { results.append(row) }
            }
        }
        return results
    }

    /// Clusters with at most this many guests also get the exact best max CPU (`PlanBounds.bestMaxCPU`).
    static let exactSearchGuests = 24

    /// Plans `input` `repeats` times and reports the best time with the plan's quality.
    static func quality(shape: String, _ input: PlanInput, repeats: Int) async -> BenchReport.Planning? {
        var best = Double.infinity
        var plan: RecommendationSet?
        for _ in 0..<max(1, repeats) {
            let (result, seconds) = await measure { Planner.plan(input) }
            best = min(best, seconds)
            plan = result
        }
        guard let plan else { return nil }
        let bounds = PlanBounds.of(input)
        var after = input
        after.snapshot = PlanApplication.apply(plan, to: input.snapshot)
        let summary = plan.summary
        var cappedInput = input
        cappedInput.settings.maxMovesPerPlan = ScoringSettings().maxMovesPerPlan
        let capped = Planner.plan(cappedInput)
        let movable = Set(plan.recommendations.map(\.vmid))
        let repairSteps = Set(plan.recommendations.filter { $0.kind == .ruleRepair }.map(\.step))
        let repairMoves = plan.recommendations.filter {
            $0.kind == .ruleRepair || ($0.kind == .affinityCompanion && $0.dependsOn.contains(where: repairSteps.contains))
        }.count
        return BenchReport.Planning(
            shape: shape, nodes: input.snapshot.nodes.count, guests: input.snapshot.guests.count,
            historySamplesPerNode: 0, trendMilliseconds: 0, planMilliseconds: best * 1000, moves: summary.moves,
            guestsMovedPct: summary.guestsMovedPct, maxCpuPctBefore: summary.maxCpuPctBefore,
            maxCpuPctAfter: summary.maxCpuPctAfter, maxMemoryPctBefore: summary.maxMemoryPctBefore,
            maxMemoryPctAfter: summary.maxMemoryPctAfter, cpuSpreadBefore: summary.cpuSpreadBefore,
            cpuSpreadAfter: summary.cpuSpreadAfter, memorySpreadBefore: summary.memorySpreadBefore,
            memorySpreadAfter: summary.memorySpreadAfter, status: plan.status.rawValue,
            moveLowerBound: bounds.moveLowerBound,
            movesPerBound: bounds.moveLowerBound > 0
                ? Rounding.round(Double(summary.moves - repairMoves) / Double(bounds.moveLowerBound), 2) : 0,
            repairMoves: repairMoves, ruleViolationsFound: summary.ruleViolations.count,
            ruleViolationsRepaired: summary.ruleViolations.filter(\.repaired).count,
            cpuWaterLevelPct: Rounding.round(bounds.cpuWaterLevelPct),
            cpuThresholdPct: input.settings.penalties.cpuThreshold,
            nodesUnderPressureAfter: PlanBounds.of(after).overloaded.count, unrelievableNodes: bounds.unrelievable.count,
            violations: PlanAudit.violations(plan, input), remainingReliefMoves: summary.remainingReliefMoves,
            cap20MaxCpuPctAfter: capped.summary.maxCpuPctAfter, cap20RemainingReliefMoves: capped.summary.remainingReliefMoves,
            cap20GreedyMaxCpuPct: Rounding.round(
                PeakReference.maxCPU(input.snapshot, movable: movable, moves: capped.recommendations.count)),
            cap20MemoryGreedyMaxCpuPct: Rounding.round(
                PeakReference.maxCPU(input.snapshot, movable: movable, moves: capped.recommendations.count, memoryAware: true)),
            cpuBestReachablePct: input.snapshot.guests.count <= exactSearchGuests
                ? PlanBounds.bestMaxCPU(input).map { Rounding.round($0) } : nil,
            cpuBestReliefOnlyPct: input.snapshot.guests.count <= exactSearchGuests
                ? PlanBounds.bestMaxCPU(input, reliefOnly: true).map { Rounding.round($0) } : nil)
    }

    /// 168 hourly samples per node: the snapshot's load with a daily cycle and a slow trend.
    static func history(_ snapshot: ClusterSnapshot, now: Date) -> [String: [NodeSample]] {
        var result: [String: [NodeSample]] = [:]
        for (index, node) in snapshot.nodes.enumerated() {
            let cpu = node.cpuPct ?? 0
            let memory = node.memoryPct ?? 0
            result[node.name] = (0..<168).map { hour in
                let phase = Double(hour % 24) / 24 * 2 * Double.pi
                let drift = Double(index % 3 - 1) * Double(hour - 168) / 24 * 0.8
                return NodeSample(
                    node: node.name, at: now.addingTimeInterval(Double(hour - 168) * 3600),
                    cpuPct: max(0, min(100, cpu + 8 * sin(phase) + drift)), memoryPct: memory,
                    iowaitPct: node.iowaitPct ?? 0)
            }
        }
        return result
    }
}
