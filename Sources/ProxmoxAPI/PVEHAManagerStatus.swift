import Foundation

/// `GET /cluster/ha/status/manager_status`: the CRM's view of nodes and LRMs.
public struct PVEHAManagerStatus: Sendable, Hashable, Decodable {
    public var masterNode: String?
    public var quorate: Bool?
    /// CRM node states: `online`, `maintenance`, `unknown`, `fence`, …
    public var nodeStatus: [String: String]
    /// LRM modes per node: `active`, `maintenance`, …
    public var lrmModes: [String: String]
    /// Nodes with a pending maintenance request (`node_request.<node>.maintenance`).
    public var maintenanceRequests: Set<String>
    public var timestamp: Date?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        let manager = try fields.object("manager_status")
        masterNode = try manager?.optional("master_node")
        timestamp = try manager?.date("timestamp")
        quorate = try fields.object("quorum")?.optional("quorate")
        var nodeStatus: [String: String] = [:]
        for (node, value) in try manager?.object("node_status")?.values ?? [:] {
            nodeStatus[node] = value.stringValue
        }
        self.nodeStatus = nodeStatus
        var lrmModes: [String: String] = [:]
        if let lrms = try fields.object("lrm_status") {
            for node in lrms.values.keys {
                lrmModes[node] = try lrms.object(node)?.optional("mode")
            }
        }
        self.lrmModes = lrmModes
        var requests: Set<String> = []
        if let nodeRequests = try manager?.object("node_request") {
            for node in nodeRequests.values.keys where try nodeRequests.object(node)?.optional("maintenance", as: Bool.self) == true {
                requests.insert(node)
            }
        }
        maintenanceRequests = requests
    }

    /// Nodes in (or entering) HA maintenance, sorted.
    public var maintenanceNodes: [String] {
        var nodes = maintenanceRequests
        nodes.formUnion(nodeStatus.filter { $0.value == "maintenance" }.keys)
        nodes.formUnion(lrmModes.filter { $0.value == "maintenance" }.keys)
        return nodes.sorted()
    }
}
