import Contract
import Foundation
import ScoringEngine
import ScoringSvc
import TestSupport

/// Plan generation on generated clusters, with 7 days of hourly history per node turned into
/// trend summaries first (as the scoring service does on every snapshot), and the plan's quality.
enum PlanningBenchmark {
    /// Measures each size, best of `repeats` runs.
    static func run(sizes: [(nodes: Int, guests: Int)], repeats: Int, maxMoves: Int) async -> [BenchReport.Planning] {
        var results: [BenchReport.Planning] = []
        for size in sizes {
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let snapshot = SyntheticCluster.snapshot(nodes: size.nodes, guests: size.guests, seed: 42, at: now)
            let samples = history(snapshot, now: now)
            var settings = ScoringSettings()
            settings.maxMovesPerPlan = maxMoves
            var best = Double.infinity
            var bestTrend = Double.infinity
            var plan: RecommendationSet?
            for _ in 0..<repeats {
                let (summary, trendSeconds) = await measure { TrendAnalysis.summary(samples) }
                let input = PlanInput(snapshot: snapshot, history: summary, settings: settings, now: now)
                let (result, seconds) = await measure { Planner.plan(input) }
                best = min(best, seconds)
                bestTrend = min(bestTrend, trendSeconds)
                plan = result
            }
            guard let plan else { continue }
            let summary = plan.summary
            results.append(
                BenchReport.Planning(
                    nodes: size.nodes, guests: size.guests, historySamplesPerNode: samples.first?.value.count ?? 0,
                    trendMilliseconds: bestTrend * 1000, planMilliseconds: best * 1000, moves: summary.moves,
                    guestsMovedPct: summary.guestsMovedPct, maxCpuPctBefore: summary.maxCpuPctBefore,
                    maxCpuPctAfter: summary.maxCpuPctAfter, maxMemoryPctBefore: summary.maxMemoryPctBefore,
                    maxMemoryPctAfter: summary.maxMemoryPctAfter, cpuSpreadBefore: summary.cpuSpreadBefore,
                    cpuSpreadAfter: summary.cpuSpreadAfter, memorySpreadBefore: summary.memorySpreadBefore,
                    memorySpreadAfter: summary.memorySpreadAfter, status: plan.status.rawValue))
        }
        return results
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
