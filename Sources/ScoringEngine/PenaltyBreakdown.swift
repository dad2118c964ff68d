/// Every penalty a node scored, after the CPU-stability factor and the memory cap, and their total.
public struct PenaltyBreakdown: Codable, Sendable, Equatable {
    /// Memory penalties together never exceed this; above it each is scaled down proportionally.
    public static let memoryCap: Double = 60

    /// The applied penalties (families that did not trigger are absent), in `PenaltyFamily` order.
    public private(set) var penalties: [Penalty]
    /// Multiplier applied to every CPU penalty (1 when the node's stability is unknown).
    public private(set) var cpuStabilityFactor: Double
    /// Factor the memory penalties were scaled by to fit the cap (1 when under it).
    public private(set) var memoryScale: Double

    /// The readable form of a computed penalty vector.
    init(_ vector: PenaltyVector) {
        penalties = PenaltyFamily.allCases.compactMap { family in
            let points = vector.points[family.index]
            guard points > 0 else { return nil }
            var reason = Self.reason(family, measured: vector.measured[family.index], limit: vector.limit[family.index])
            if family.isCPU, vector.cpuStabilityFactor != 1 {
                reason += ", ×\(Penalty.format(vector.cpuStabilityFactor, decimals: 2)) CPU stability"
            }
            if family.isMemory, vector.memoryScale < 1 {
                reason += ", memory cap ×\(Penalty.format(vector.memoryScale, decimals: 3))"
            }
            return Penalty(family: family, value: points, reason: reason)
        }
        cpuStabilityFactor = vector.cpuStabilityFactor
        memoryScale = vector.memoryScale
    }

    /// Σ of all penalties.
    public var total: Double { penalties.reduce(0) { $0 + $1.value } }

    /// The points of one family, 0 when it did not trigger.
    public func value(of family: PenaltyFamily) -> Double {
        penalties.first { $0.family == family }?.value ?? 0
    }

    /// "82.0 % > 60 %", "7-day max 96.0 % > 95 %", "committed/total 1.50 > 1.20", "CPU +1.4 %/day > 1".
    private static func reason(_ family: PenaltyFamily, measured: Double, limit: Double) -> String {
        let percent = "\(Penalty.format(measured, decimals: 1)) % > \(Penalty.format(limit)) %"
        switch family {
        case .cpuCurrent, .memCurrent: return percent
        case .cpuPredicted, .memPredicted: return "predicted " + percent
        case .cpuSustained, .memSustained: return "7-day avg " + percent
        case .cpuSpikes, .memSpikes: return "7-day max " + percent
        case .iowaitCurrent: return "iowait " + percent
        case .iowaitSustained: return "7-day avg iowait " + percent
        case .memOvercommit:
            return "committed/total \(Penalty.format(measured, decimals: 2)) > \(Penalty.format(limit, decimals: 2))"
        case .cpuTrend:
            return "CPU rising \(Penalty.format(measured, decimals: 1)) %/day > \(Penalty.format(limit)) %/day"
        case .cpuProjected:
            return "CPU in 48 h at its trend " + percent
        case .cpuAboveBaseline:
            return "CPU \(Penalty.format(measured, decimals: 1)) σ above its usual for this hour > \(Penalty.format(limit)) σ"
        }
    }
}
