import Foundation
import ProxmoxAPI

/// The immutable part of the simulated cluster, derived once from the scenario.
struct ClusterModel: Sendable {
    let scenario: Scenario
    let version: PVEVersion
    let storages: [StorageModel]
    let storageIndex: [String: Int]
    let nodes: [NodeModel]
    let nodeIndex: [String: Int]
    let guests: [GuestModel]
    let guestIndex: [Int: Int]
    /// Guest indices ordered by vmid.
    let guestsByVMID: [Int]
    /// Simulated time at which the simulation started (trend origin).
    let start: Double
    /// Oldest time with RRD data.
    let historyStart: Double

    /// Builds the model; inconsistent entries (guests on unknown nodes, duplicate ids) are skipped
    /// so that an unvalidated scenario still yields a working simulator.
    init(scenario: Scenario, start: Double) {
        self.scenario = scenario
        self.start = start
        version = PVEVersion(scenario.pveVersion)
        historyStart = start - Double(max(0, scenario.clock.historyDays)) * Signal.day

        var storages: [StorageModel] = []
        var storageIndex: [String: Int] = [:]
        for spec in scenario.storages where storageIndex[spec.id] == nil {
            storageIndex[spec.id] = storages.count
            storages.append(StorageModel(spec: spec, index: storages.count, key: StableHash.hash(scenario.seed, StableHash.string(spec.id), 5)))
        }
        self.storages = storages
        self.storageIndex = storageIndex

        var nodes: [NodeModel] = []
        var nodeIndex: [String: Int] = [:]
        for spec in scenario.nodes where nodeIndex[spec.name] == nil && Scenario.isValidNodeName(spec.name) {
            nodeIndex[spec.name] = nodes.count
            nodes.append(NodeModel(spec: spec, index: nodes.count, seed: scenario.seed, origin: start, storages: storages))
        }
        self.nodes = nodes
        self.nodeIndex = nodeIndex

        let storagesByID = Dictionary(uniqueKeysWithValues: storages.map { ($0.id, $0) })
        var guests: [GuestModel] = []
        var guestIndex: [Int: Int] = [:]
        for spec in scenario.guests where guestIndex[spec.vmid] == nil && nodeIndex[spec.node] != nil {
            guestIndex[spec.vmid] = guests.count
            guests.append(GuestModel(spec: spec, index: guests.count, seed: scenario.seed, origin: start, storages: storagesByID))
        }
        self.guests = guests
        self.guestIndex = guestIndex
        guestsByVMID = guests.indices.sorted { guests[$0].vmid < guests[$1].vmid }
    }

    /// The node answering cluster-wide calls (`local: 1`): the first node.
    var localNode: Int { 0 }

    /// True when `node` has the storage at `storage`.
    func node(_ node: Int, has storage: Int) -> Bool { nodes[node].storages.contains(storage) }
}
