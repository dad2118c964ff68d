import Foundation

/// Every penalty a node scored, after the CPU-stability factor and the memory cap, and their total.
public struct PenaltyBreakdown: Codable, Sendable, Equatable {
    /// Memory penalties together never exceed this; above it each is scaled down proportionally.
    public static let memoryCap: Double = 60

    /// The applied penalties (families that did not trigger are absent).
    public private(set) var penalties: [Penalty]
    /// Multiplier applied to every CPU penalty (1 when the node's stability is unknown).
    public private(set) var cpuStabilityFactor: Double
    /// Factor the memory penalties were scaled by to fit the cap (1 when under it).
    public private(set) var memoryScale: Double

    /// Applies `cpuStabilityFactor` to the CPU penalties (rounded to whole points, halves up) and
    /// the memory cap to the memory penalties.
    public init(penalties raw: [Penalty], cpuStabilityFactor: Double = 1) {
        var penalties = raw.map { penalty -> Penalty in
            guard penalty.family.isCPU, cpuStabilityFactor != 1 else { return penalty }
            var scaled = penalty
            scaled.value = (penalty.value * cpuStabilityFactor).rounded()
            scaled.reason += ", ×\(String(format: "%.2f", cpuStabilityFactor)) CPU stability"
            return scaled
        }
        let memoryTotal = penalties.filter(\.family.isMemory).reduce(0) { $0 + $1.value }
        let scale = memoryTotal > Self.memoryCap ? Self.memoryCap / memoryTotal : 1
        if scale < 1 {
            for index in penalties.indices where penalties[index].family.isMemory {
                penalties[index].value *= scale
                penalties[index].reason += ", memory cap ×\(String(format: "%.3f", scale))"
            }
        }
        self.penalties = penalties
        self.cpuStabilityFactor = cpuStabilityFactor
        self.memoryScale = scale
    }

    /// Σ of all penalties.
    public var total: Double { penalties.reduce(0) { $0 + $1.value } }

    /// The points of one family, 0 when it did not trigger.
    public func value(of family: PenaltyFamily) -> Double {
        penalties.first { $0.family == family }?.value ?? 0
    }

    /// The CPU-stability multiplier of the seed: ≥ 80 → 0.7, ≥ 60 → 0.85, < 40 → 1.3, else 1.
    public static func cpuStabilityFactor(stability: Double?) -> Double {
        guard let stability else { return 1 }
        if stability >= 80 { return 0.7 }
        if stability >= 60 { return 0.85 }
        if stability < 40 { return 1.3 }
        return 1
    }
}
