import Foundation

/// A node with the derived values the API reports.
struct NodeModel: Sendable {
    let spec: ScenarioNode
    let index: Int
    let key: UInt64
    let ip: String
    let threads: Int
    let memTotal: Int
    let baseMemory: Double
    /// Indices into `ClusterModel.storages` of the storages this node has.
    let storages: [Int]
    let cpuBase: Signal
    let iowaitBase: Signal
    let bootTime: Double
    let rootTotal: Int
    let rootUsed: Int
    let swapTotal: Int

    var name: String { spec.name }
    var nodeid: Int { index + 1 }

    init(spec: ScenarioNode, index: Int, seed: UInt64, origin: Double, storages allStorages: [StorageModel]) {
        self.spec = spec
        self.index = index
        key = StableHash.hash(seed, StableHash.string(spec.name))
        ip = spec.ip ?? "10.0.0.\(index + 1)"
        threads = max(1, spec.cpus)
        memTotal = Int(spec.memoryGib * gib)
        baseMemory = spec.baseMemoryGib * gib
        if let listed = spec.storages {
            storages = allStorages.filter { listed.contains($0.id) }.map(\.index)
        } else {
            storages = allStorages.filter { $0.spec.nodes?.contains(spec.name) ?? true }.map(\.index)
        }
        let flat = ScenarioWorkload(dailyAmplitude: 0.05, weeklyAmplitude: 0, trendPerDay: 0, noise: 0.1)
        cpuBase = Signal(base: spec.baseCpu, workload: flat, origin: origin, key: key ^ 1)
        iowaitBase = Signal(base: spec.baseIowait, workload: flat, origin: origin, key: key ^ 2)
        bootTime = origin - (20 + 180 * StableHash.unit(key, 3)) * Signal.day
        rootTotal = Int(100 * gib)
        rootUsed = Int((6 + 10 * StableHash.unit(key, 4)) * gib)
        swapTotal = Int(8 * gib)
    }
}
