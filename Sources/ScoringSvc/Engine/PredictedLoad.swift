/// A node's load after guests arrive and leave.
///
/// Starts from the node's current (not time-weighted) values, as the reference does:
/// each guest moves CPU by `cores / node threads × 100` and memory by `used / node total × 100`;
/// both stay within 0–100. IOWait is kept as it is (guest disk rates are not modelled yet).
public struct PredictedLoad: Codable, Sendable, Equatable {
    public var cpuPct: Double
    public var memoryPct: Double
    public var iowaitPct: Double
    /// Committed memory over physical memory, with the arriving guests' max memory added and the
    /// leaving ones' removed.
    public var overcommitRatio: Double

    public init(node: NodeLoad, adding: [GuestLoad] = [], removing: [GuestLoad] = []) {
        func sum(_ guests: [GuestLoad], _ value: (GuestLoad) -> Double) -> Double {
            guests.reduce(0) { $0 + value($1) }
        }
        let threads = Double(node.cpuThreads)
        let total = Double(node.memoryTotalBytes)
        let cores = sum(adding, \.cpuCores) - sum(removing, \.cpuCores)
        let used = sum(adding) { Double($0.memoryUsedBytes) } - sum(removing) { Double($0.memoryUsedBytes) }
        let committed =
            Double(node.committedMemoryBytes) + sum(adding) { Double($0.memoryMaxBytes) }
            - sum(removing) { Double($0.memoryMaxBytes) }
        cpuPct = min(100, max(0, node.cpuPct + cores * 100 / threads))
        memoryPct = min(100, max(0, node.memoryPct + used * 100 / total))
        iowaitPct = node.iowaitPct
        overcommitRatio = max(0, committed / total)
    }
}
