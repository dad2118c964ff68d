import Shared

extension ReplyError {
    /// The request names a guest the latest snapshot does not have.
    static func notFound(_ message: String) -> Self { Self(code: "not_found", message: message) }
    /// No snapshot (or plan) has arrived yet since the service started.
    static let noData = Self(code: "no_data", message: "no cluster snapshot received yet; try again after the next collection")
    /// The service failed on its side (storage, encoding); the request may be retried.
    static func `internal`(_ message: String) -> Self { Self(code: "internal", message: message) }
    /// A command or request for a cluster whose snapshot this service has not seen.
    static func unknownCluster(_ cluster: String) -> Self {
        Self(code: "unknown_cluster", message: "no snapshot of cluster '\(cluster)' has been seen; is its collector running?")
    }
}
