import Contract
import Foundation
import ProxmoxAPI

/// Everything one collection cycle read from the Proxmox API, before it becomes a snapshot.
struct ClusterReading: Sendable {
    var clusterStatus: PVEClusterStatus
    var resources: [PVEResource]
    var haStatus: [PVEHAStatusEntry] = []
    var haResources: [PVEHAResource] = []
    /// HA rules (PVE 9) or groups (PVE 8); `nil` when they could not be read.
    var haRules: HARules?
    var nodeStatus: [String: PVENodeStatus] = [:]
    /// The newest hour-RRD point that carries a CPU value, per node.
    var nodeLatestRRD: [String: PVENodeRRDPoint] = [:]
    var nodeHistory: [String: NodeHistory] = [:]
    var guestConfigs: [Int: GuestConfigFacts] = [:]
    var pveVersion: String?
    /// The datacenter's migration bandwidth limit, bytes per second.
    var migrationLimitBps: Double?
    var errors: [CollectionError] = []
    var apiCalls: Int = 0
}

/// What the collector keeps of a guest's configuration: what placement rules need.
struct GuestConfigFacts: Sendable, Equatable {
    var storages: [String]
    var diskBytes: Int64?
    var passthrough: [String]
    var bindMounts: [BindMount]
}
