/// The penalties of one node score as fixed-size vectors (no allocation), so the planner can
/// score hundreds of thousands of candidate moves quickly. `PenaltyBreakdown` turns one into the
/// published list with reasons.
struct PenaltyVector: Sendable, Equatable {
    /// Points per family, by `PenaltyFamily.index`.
    var points = SIMD16<Double>(repeating: 0)
    /// The measured value that triggered each penalty.
    var measured = SIMD16<Double>(repeating: 0)
    /// The limit it exceeded.
    var limit = SIMD16<Double>(repeating: 0)
    var cpuStabilityFactor: Double = 1
    var memoryScale: Double = 1

    /// The lanes of CPU families.
    static let cpuLanes = PenaltyFamily.allCases.filter(\.isCPU).map(\.index)
    /// 1 in the lanes of memory families.
    static let memoryMask = mask(\.isMemory)

    private static func mask(_ belongs: (PenaltyFamily) -> Bool) -> SIMD16<Double> {
        var mask = SIMD16<Double>(repeating: 0)
        for family in PenaltyFamily.allCases where belongs(family) { mask[family.index] = 1 }
        return mask
    }

    /// Records a triggered penalty.
    mutating func set(_ family: PenaltyFamily, points: Double, measured: Double, limit: Double) {
        self.points[family.index] = points
        self.measured[family.index] = measured
        self.limit[family.index] = limit
    }

    /// Applies the CPU-stability factor to CPU penalties (rounded to whole points, halves up)
    /// and then scales memory penalties down proportionally so they total at most `memoryCap`.
    mutating func finalize(cpuStabilityFactor factor: Double, memoryCap: Double) {
        cpuStabilityFactor = factor
        if factor != 1 {
            for lane in Self.cpuLanes where points[lane] != 0 { points[lane] = (points[lane] * factor).rounded() }
        }
        let memoryTotal = (points * Self.memoryMask).sum()
        if memoryTotal > memoryCap {
            memoryScale = memoryCap / memoryTotal
            points = points.replacing(with: points * memoryScale, where: Self.memoryMask .== 1)
        }
    }

    /// Σ of all penalties.
    var total: Double { points.sum() }
}
