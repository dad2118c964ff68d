import Contract
import Foundation

/// One node's load at one moment, as scoring stores it for its own trend history; `backfilled`
/// when it comes from Proxmox's RRD rather than a snapshot.
public struct NodeSample: Sendable, Equatable {
    public var node: String
    public var at: Date
    public var cpuPct: Double
    public var memoryPct: Double?
    public var iowaitPct: Double?
    public var backfilled: Bool

    public init(
        node: String, at: Date, cpuPct: Double, memoryPct: Double? = nil, iowaitPct: Double? = nil, backfilled: Bool = false
    ) {
        self.node = node
        self.at = at
        self.cpuPct = cpuPct
        self.memoryPct = memoryPct
        self.iowaitPct = iowaitPct
        self.backfilled = backfilled
    }

    /// One sample per node of `snapshot` that reports its CPU, taken at `collectedAt`.
    public static func samples(of snapshot: ClusterSnapshot) -> [NodeSample] {
        snapshot.nodes.compactMap { node in
            node.cpuPct.map {
                NodeSample(node: node.name, at: snapshot.collectedAt, cpuPct: $0, memoryPct: node.memoryPct, iowaitPct: node.iowaitPct)
            }
        }
    }
}
