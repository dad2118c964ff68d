import Contract

extension ReplyError {
    /// No snapshot (or plan) has arrived yet since the service started.
    static let noData = Self(code: "no_data", message: "no cluster snapshot received yet; try again after the next collection")
    /// A command or request for a cluster whose snapshot this service has not seen.
    static func unknownCluster(_ cluster: String) -> Self {
        Self(code: "unknown_cluster", message: "no snapshot of cluster '\(cluster)' has been seen; is its collector running?")
    }
}
