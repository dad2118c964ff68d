import Foundation

/// The penalty rules of the reference's `calculate_target_node_score` (trend penalties excepted:
/// they need trend analysis, which the snapshot does not carry yet).
enum NodePenalties {
    /// Every penalty `node` earns with the load `predicted` after the moves under consideration.
    static func breakdown(
        node: NodeLoad, predicted: PredictedLoad, configuration c: PenaltyConfiguration
    ) -> PenaltyBreakdown {
        let cpuBands = relativeBands(
            threshold: c.cpuThreshold, offsets: (c.cpuThresholdOffset1, c.cpuThresholdOffset2))
        let memBands = relativeBands(
            threshold: c.memThreshold, offsets: (c.memThresholdOffset1, c.memThresholdOffset2))
        var found: [Penalty?] = [
            PenaltyBand.penalty(.cpuCurrent, value: node.cpuPct, bands: cpuBands([c.cpuHigh, c.cpuVeryHigh, c.cpuExtreme])),
            PenaltyBand.penalty(.memCurrent, value: node.memoryPct, bands: memBands([c.memHigh, c.memVeryHigh, c.memExtreme])),
            PenaltyBand.penalty(
                .cpuPredicted, value: predicted.cpuPct,
                bands: cpuBands([c.predictedCpuOver, c.predictedCpuHigh, c.predictedCpuExtreme]), label: "predicted "),
            PenaltyBand.penalty(
                .memPredicted, value: predicted.memoryPct,
                bands: memBands([c.predictedMemOver, c.predictedMemHigh, c.predictedMemExtreme]), label: "predicted "),
            overcommit(ratio: predicted.overcommitRatio, configuration: c),
        ]
        if c.weight7d > 0 {
            found += [
                node.cpuAvg7d.flatMap {
                    PenaltyBand.penalty(
                        .cpuSustained, value: $0,
                        bands: fixedBands([70, 80, 90], [c.cpuSustainedHigh, c.cpuSustainedVeryHigh, c.cpuSustainedCritical]),
                        label: "7-day avg ")
                },
                node.memoryAvg7d.flatMap {
                    PenaltyBand.penalty(
                        .memSustained, value: $0,
                        bands: fixedBands([80, 90, 95], [c.memSustainedHigh, c.memSustainedVeryHigh, c.memSustainedCritical]),
                        label: "7-day avg ")
                },
                node.cpuMax7d.flatMap {
                    PenaltyBand.penalty(
                        .cpuSpikes, value: $0,
                        bands: fixedBands(
                            [70, 80, 90, 95], [c.cpuSpikeModerate, c.cpuSpikeHigh, c.cpuSpikeVeryHigh, c.cpuSpikeExtreme]),
                        label: "7-day max ")
                },
                node.memoryMax7d.flatMap {
                    PenaltyBand.penalty(
                        .memSpikes, value: $0,
                        bands: fixedBands(
                            [85, 90, 95, 98], [c.memSpikeModerate, c.memSpikeHigh, c.memSpikeVeryHigh, c.memSpikeExtreme]),
                        label: "7-day max ")
                },
            ]
        }
        if !(node.iowaitExempt && c.iowaitExemptEnabled) {
            found += [
                PenaltyBand.penalty(
                    .iowaitCurrent, value: node.iowaitPct,
                    bands: fixedBands([10, 20, 30], [c.iowaitHigh, c.iowaitVeryHigh, c.iowaitExtreme]), label: "iowait "),
                node.iowaitAvg7d.flatMap {
                    PenaltyBand.penalty(
                        .iowaitSustained, value: $0,
                        bands: fixedBands(
                            [10, 15, 20], [c.iowaitSustainedElevated, c.iowaitSustainedHigh, c.iowaitSustainedCritical]),
                        label: "7-day avg iowait ")
                },
            ]
        }
        return PenaltyBreakdown(
            penalties: found.compactMap { $0 },
            cpuStabilityFactor: PenaltyBreakdown.cpuStabilityFactor(stability: node.cpuStability))
    }

    /// Overcommit: above a ratio of 1.2, `mem_overcommit_penalty` growing linearly to
    /// `mem_overcommit_high_penalty` at 2.0 (rounded to whole points, halves up).
    static func overcommit(ratio: Double, configuration c: PenaltyConfiguration) -> Penalty? {
        guard ratio > 1.2 else { return nil }
        let growth = min((ratio - 1.2) / 0.8, 1) * (c.memOvercommitHighPenalty - c.memOvercommitPenalty)
        let points = (c.memOvercommitPenalty + growth).rounded()
        guard points > 0 else { return nil }
        return Penalty(
            family: .memOvercommit, value: points,
            reason: "committed/total \(String(format: "%.2f", ratio)) > 1.20")
    }

    /// Bands at T, T + offset 1, T + offset 2 for the points of the high / very high / extreme levels.
    private static func relativeBands(
        threshold: Double, offsets: (Double, Double)
    ) -> ([Double]) -> [PenaltyBand] {
        { points in fixedBands([threshold, threshold + offsets.0, threshold + offsets.1], points) }
    }

    /// Pairs ascending limits with their points.
    private static func fixedBands(_ limits: [Double], _ points: [Double]) -> [PenaltyBand] {
        zip(limits, points).map { PenaltyBand(limit: $0, points: $1) }
    }
}
