/// A node's load after guests arrive and leave.
///
/// Starts from the node's current (not time-weighted) values, so a guest
/// moves CPU by `cores / node threads × 100`, memory by `used / node total × 100` and IOWait by
/// its disk-rate impact (`GuestLoad.iowaitImpactPct`); all stay within 0–100.
public struct PredictedLoad: Codable, Sendable, Equatable {
    public var cpuPct: Double
    public var memoryPct: Double
    public var iowaitPct: Double
    /// Committed memory over physical memory, with the arriving guests' max memory added and the
    /// leaving ones' removed.
    public var overcommitRatio: Double

    /// The load once `arriving` is added and `leaving` removed.
    public init(node: NodeLoad, arriving: GuestLoad = .zero, leaving: GuestLoad = .zero) {
        let threads = Double(node.cpuThreads)
        let total = Double(node.memoryTotalBytes)
        let cores = arriving.cpuCores - leaving.cpuCores
        let used = Double(arriving.memoryUsedBytes - leaving.memoryUsedBytes)
        let committed = Double(node.committedMemoryBytes + arriving.memoryMaxBytes - leaving.memoryMaxBytes)
        cpuPct = min(100, max(0, node.cpuPct + cores * 100 / threads))
        memoryPct = min(100, max(0, node.memoryPct + used * 100 / total))
        iowaitPct = min(100, max(0, node.iowaitPct + arriving.iowaitImpactPct - leaving.iowaitImpactPct))
        overcommitRatio = max(0, committed / total)
    }

    /// The load once every guest in `adding` arrived and every one in `removing` left.
    public init(node: NodeLoad, adding: [GuestLoad], removing: [GuestLoad] = []) {
        self.init(node: node, arriving: .sum(adding), leaving: .sum(removing))
    }
}
