/// A summary of `GET /cluster/status`: cluster name, quorum and which nodes are online.
public struct PVEClusterStatus: Sendable, Hashable {
    /// The raw entries, in answer order.
    public var entries: [PVEClusterStatusEntry]

    public init(entries: [PVEClusterStatusEntry]) {
        self.entries = entries
    }

    /// The cluster name; `nil` on a standalone node.
    public var clusterName: String? { clusterEntry?.name }

    /// Whether the cluster has quorum. A standalone node (no cluster entry) is always quorate.
    public var isQuorate: Bool { clusterEntry.map { $0.quorate ?? false } ?? true }

    /// Whether the answer came from a standalone node (no `cluster` entry).
    public var isStandalone: Bool { clusterEntry == nil }

    /// The node entries.
    public var nodes: [PVEClusterStatusEntry] { entries.filter { $0.type == "node" } }

    /// Names of the online nodes, sorted.
    public var onlineNodes: [String] { nodes.filter { $0.online == true }.compactMap(\.name).sorted() }

    /// Names of the nodes not reported online, sorted.
    public var offlineNodes: [String] { nodes.filter { $0.online != true }.compactMap(\.name).sorted() }

    /// The node that answered the request.
    public var localNode: String? { nodes.first { $0.local == true }?.name }

    private var clusterEntry: PVEClusterStatusEntry? { entries.first { $0.type == "cluster" } }
}
