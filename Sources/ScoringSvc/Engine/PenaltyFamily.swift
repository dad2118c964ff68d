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

    /// Scaled by the node's CPU-stability factor.
    public var isCPU: Bool { [.cpuCurrent, .cpuSustained, .cpuSpikes, .cpuPredicted].contains(self) }

    /// Counted in the memory-penalty cap.
    public var isMemory: Bool { [.memCurrent, .memSustained, .memSpikes, .memPredicted, .memOvercommit].contains(self) }
}
