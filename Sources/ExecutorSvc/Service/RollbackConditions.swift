import Contract
import ProxmoxAPI

/// How the node a guest left changed since it left: CPU and memory then and now.
enum RollbackConditions {
    /// Points of CPU or memory beyond which conditions count as changed.
    static let threshold = 15.0

    static func compare(_ original: MigrationStatus, nodes: [PVEResource]) -> (changed: Bool, sentence: String) {
        guard let before = original.loadsBefore, let node = nodes.first(where: { $0.node == original.source }) else {
            return (false, "no measurement of \(original.source) from before the move; conditions unknown")
        }
        let cpu = node.cpuPct - before.sourceCpuPct
        let memory = node.memoryPct - before.sourceMemoryPct
        let changed = abs(cpu) > threshold || abs(memory) > threshold
        let sentence =
            "\(original.source) had CPU \(Int(before.sourceCpuPct.rounded())) % and memory \(Int(before.sourceMemoryPct.rounded())) % "
            + "before \(original.label) left; now \(Int(node.cpuPct.rounded())) % and \(Int(node.memoryPct.rounded())) %"
            + (changed ? " — conditions changed since the move" : " — about the same as then")
        return (changed, sentence)
    }
}
