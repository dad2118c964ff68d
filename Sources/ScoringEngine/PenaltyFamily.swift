/// One kind of penalty in a node's score breakdown.
public enum PenaltyFamily: String, Codable, Sendable, CaseIterable {
    case cpuCurrent = "cpu_current"
    case memCurrent = "mem_current"
    case cpuSustained = "cpu_sustained"
    case memSustained = "mem_sustained"
    case iowaitCurrent = "iowait_current"
    case iowaitSustained = "iowait_sustained"
    case cpuSpikes = "cpu_spikes"
    case memSpikes = "mem_spikes"
    case cpuPredicted = "cpu_predicted"
    case memPredicted = "mem_predicted"
    case memOvercommit = "mem_overcommit"
    case cpuTrend = "cpu_trend"
    case cpuAboveBaseline = "cpu_above_baseline"
    case cpuProjected = "cpu_projected"

    /// Scaled by the node's CPU-stability factor.
    public var isCPU: Bool { [.cpuCurrent, .cpuSustained, .cpuSpikes, .cpuPredicted, .cpuTrend, .cpuAboveBaseline, .cpuProjected].contains(self) }

    /// Counted in the memory-penalty cap.
    public var isMemory: Bool { [.memCurrent, .memSustained, .memSpikes, .memPredicted, .memOvercommit].contains(self) }

    /// Position in a `PenaltyVector`.
    var index: Int {
        switch self {
        case .cpuCurrent: 0
        case .memCurrent: 1
        case .cpuSustained: 2
        case .memSustained: 3
        case .iowaitCurrent: 4
        case .iowaitSustained: 5
        case .cpuSpikes: 6
        case .memSpikes: 7
        case .cpuPredicted: 8
        case .memPredicted: 9
        case .memOvercommit: 10
        case .cpuTrend: 11
        case .cpuAboveBaseline: 12
        case .cpuProjected: 13
        }
    }
}
