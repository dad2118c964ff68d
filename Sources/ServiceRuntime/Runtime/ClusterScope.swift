/// Which clusters one service process serves.
public enum ClusterScope: Sendable {
    /// One cluster: `PROXBALANCE_CLUSTER`, else the one the service learns at start.
    case one
    /// One cluster when `PROXBALANCE_CLUSTER` is set, else every cluster on the bus; the
    /// process then announces itself on `<base>/<service>/availability`.
    case every
}
