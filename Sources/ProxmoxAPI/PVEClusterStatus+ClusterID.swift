extension PVEClusterStatus {
    /// The id ProxBalance uses for this cluster in topics: the cluster name, or for a
    /// standalone node (no cluster entry) the node's name.
    public var defaultClusterID: String? {
        clusterName ?? localNode ?? nodes.first?.name
    }
}
