import Contract
import ProxmoxAPI

extension MoveLoads {
    /// The loads of `source` and `target` in `/cluster/resources` node entries, or `nil` when
    /// one of them is missing.
    init?(source: String, target: String, nodes: [PVEResource]) {
        guard let from = nodes.first(where: { $0.node == source }), let to = nodes.first(where: { $0.node == target }) else {
            return nil
        }
        self.init(
            sourceCpuPct: from.cpuPct, sourceMemoryPct: from.memoryPct, targetCpuPct: to.cpuPct, targetMemoryPct: to.memoryPct)
    }
}
