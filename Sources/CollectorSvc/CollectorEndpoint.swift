/// The Proxmox API paths the collector reads, without node names and VMIDs: the `endpoint` of
/// its error metric.
enum CollectorEndpoint: String, CaseIterable, Sendable {
    case clusterStatus = "/cluster/status"
    case clusterResources = "/cluster/resources"
    case clusterOptions = "/cluster/options"
    case haStatus = "/cluster/ha/status/current"
    case haResources = "/cluster/ha/resources"
    case haRules = "/cluster/ha/rules"
    case haGroups = "/cluster/ha/groups"
    case version = "/version"
    case nodeStatus = "/nodes/{node}/status"
    case nodeRRD = "/nodes/{node}/rrddata"
    case guestConfig = "/nodes/{node}/{type}/{vmid}/config"
    case other

    /// The endpoint of an API path (below `/api2/json`, without query).
    init(path: String) {
        let parts = path.split(separator: "/")
        switch parts.count {
        case 3 where parts[0] == "nodes" && parts[2] == "status":
            self = .nodeStatus
        case 3 where parts[0] == "nodes" && parts[2] == "rrddata":
            self = .nodeRRD
        case 5 where parts[0] == "nodes" && ["qemu", "lxc"].contains(parts[2]) && parts[4] == "config":
            self = .guestConfig
        default:
            self = CollectorEndpoint(rawValue: "/" + parts.joined(separator: "/")) ?? .other
        }
    }
}
