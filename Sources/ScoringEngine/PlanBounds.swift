public import Contract

/// Bounds no plan can beat, to measure plans against (issue 13): the fewest moves that relieve
/// every node under pressure, and the lowest maximum CPU any placement reaches.
public struct PlanBounds: Sendable, Equatable {
    /// Σ over the nodes under pressure of the fewest of their movable guests (an affinity bundle
    /// counts once) whose departure brings the node under its thresholds (CPU threshold, now and
    /// time-weighted; memory floor; IOWait trigger), each resource counted on its own, CPU and
    /// memory also together (guests relieving both must cover both needs), and the largest count
    /// kept; a node in maintenance counts every guest that may leave it. No plan relieves them
    /// with fewer.
    public var moveLowerBound: Int
    /// Nodes under pressure (maintenance included).
    public var overloaded: [String]
    /// Nodes that even the departure of every movable guest leaves under pressure.
    public var unrelievable: [String]
    /// The water level of CPU %: no placement of the movable guests gets the hottest node lower,
    /// because the movable load must land somewhere (filled over the nodes that may receive, each
    /// above the load that cannot leave it), no node goes below the load that cannot leave it, and
    /// guests whose storages only some nodes have load those nodes at least evenly.
    public var cpuWaterLevelPct: Double

    /// The bounds of `input`'s cluster as it is now.
    public static func of(_ input: PlanInput) -> PlanBounds {
        let context = PlanningContext(input)
        let planner = BatchPlanner(context: context, settings: input.settings)
        let c = input.settings.penalties
        var bySource = Array(repeating: [Int](), count: context.nodes.count)
        for (index, bundle) in context.bundles.enumerated() { bySource[bundle.source].append(index) }
        var bound = 0
        var overloaded: [String] = []
        var unrelievable: [String] = []
        for (index, node) in context.nodes.enumerated() {
            guard let load = context.initialState.loads[index], let pressure = planner.pressure(of: index) else { continue }
            overloaded.append(node.name)
            let loads = bySource[index].map { context.bundles[$0].load }
            if pressure == .maintenance {
                bound +=
                    bySource[index].filter { bundle in
                        context.nodes.indices.contains { $0 != index && context.nodes[$0].isTarget && context.bundles[bundle].storageFits[$0] }
                    }.count
                continue
            }
            var counts: [Int?] = []
            let cpuNeed = SourcePressure.cpuExcess(load, c)
            if planner.seasonalPeak(of: index) == nil, cpuNeed > 0 {
                counts.append(fewest(loads.map { cpuDrop($0, from: load, c) }, need: cpuNeed))
            }
            let memoryNeed = load.memoryPct - c.sourceMemMigrationFloor
            if memoryNeed > 0 {
                counts.append(fewest(loads.map { memoryDrop($0, from: load) }, need: memoryNeed))
            }
            if planner.seasonalPeak(of: index) == nil, cpuNeed > 0, memoryNeed > 0 {
                // Guests that relieve both must cover each need in full: each guest's shares of
                // the two needs (each capped at all of it) add up to at least 2 over the set.
                let shares = loads.map { min(1, cpuDrop($0, from: load, c) / cpuNeed) + min(1, memoryDrop($0, from: load) / memoryNeed) }
                counts.append(fewest(shares, need: 2))
            }
            if SourcePressure.isIOWaitStressed(load, configuration: c) {
                let sizes = loads.map(\.iowaitImpactPct)
                let now = fewest(sizes, need: load.iowaitPct - c.iowaitThreshold)
                let day = fewest(sizes, need: (load.iowaitAvg24h ?? 0) - 0.7 * c.iowaitThreshold)
                counts.append([now, day].compactMap { $0 }.min())
            }
            if counts.contains(where: { $0 == nil }) { unrelievable.append(node.name) }
            bound += counts.compactMap { $0 }.max() ?? 0
        }
        return PlanBounds(
            moveLowerBound: bound, overloaded: overloaded, unrelievable: unrelievable,
            cpuWaterLevelPct: waterLevel(context, bySource: bySource))
    }

    /// The fewest of `sizes` that add up to at least `need` (largest first), or `nil` when all
    /// of them do not.
    static func fewest(_ sizes: [Double], need: Double) -> Int? {
        guard need > 0 else { return 0 }
        var left = need
        for (count, size) in sizes.sorted(by: >).enumerated() {
            left -= size
            if left <= relief { return count + 1 }
        }
        return nil
    }

    /// Slack for rounding: a node this close to its threshold counts as under it.
    static let relief = 1e-9

    /// How far the CPU excess of `node` (`SourcePressure.cpuExcess`: the higher of its current
    /// and time-weighted CPU) drops at most when `load` leaves: its share of the node's threads,
    /// times the time weights' sum when that is above 1.
    static func cpuDrop(_ load: GuestLoad, from node: NodeLoad, _ c: PenaltyConfiguration) -> Double {
        let weights = node.cpuAvg24h != nil && node.cpuAvg7d != nil ? c.weightCurrent + c.weight24h + c.weight7d : 1
        return load.cpuCores * 100 / Double(node.cpuThreads) * max(1, weights)
    }

    /// How far the memory % of `node` drops when `load` leaves.
    static func memoryDrop(_ load: GuestLoad, from node: NodeLoad) -> Double {
        Double(load.memoryUsedBytes) * 100 / Double(node.memoryTotalBytes)
    }

    /// The CPU water level (see `cpuWaterLevelPct`).
    static func waterLevel(_ context: PlanningContext, bySource: [[Int]]) -> Double {
        var movable = 0.0
        var floors: [(floor: Double, threads: Double)] = []
        var fixed = 0.0
        for (index, node) in context.nodes.enumerated() {
            guard let load = node.load else { continue }
            let cores = bySource[index].reduce(0.0) { $0 + context.bundles[$1].load.cpuCores }
            movable += cores
            let floor = max(0, load.cpuPct - cores * 100 / Double(load.cpuThreads))
            if node.isTarget { floors.append((floor, Double(load.cpuThreads))) } else { fixed = max(fixed, floor) }
        }
        guard !floors.isEmpty else { return fixed }
        // Guests that may only go to some nodes (their storages) keep those nodes at least as
        // loaded as their load and the nodes' immovable load spread evenly over them.
        var confined: [[Bool]: Double] = [:]
        for bundle in context.bundles where context.nodes[bundle.source].load != nil {
            let allowed = context.nodes.indices.map { bundle.storageFits[$0] && (context.nodes[$0].isTarget || $0 == bundle.source) }
            confined[allowed, default: 0] += bundle.load.cpuCores
        }
        for allowed in confined.keys where allowed.contains(false) {
            var cores = 0.0
            var threads = 0.0
            for (index, node) in context.nodes.enumerated() where allowed[index] {
                guard let load = node.load else { continue }
                let movable = bySource[index].reduce(0.0) { $0 + context.bundles[$1].load.cpuCores }
                cores += max(0, load.cpuPct * Double(load.cpuThreads) / 100 - movable)
                threads += Double(load.cpuThreads)
            }
            for (other, load) in confined where zip(other, allowed).allSatisfy({ !$0 || $1 }) { cores += load }
            if threads > 0 { fixed = max(fixed, cores / threads * 100) }
        }
        // The level L where Σ max(0, L − floor) × threads / 100 holds the movable cores.
        func held(_ level: Double) -> Double { floors.reduce(0) { $0 + max(0, level - $1.floor) * $1.threads / 100 } }
        var low = 0.0
        var high = 100.0
        while held(high) < movable, high < 1e6 { high *= 2 }
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if held(middle) < movable { low = middle } else { high = middle }
        }
        return max(high, fixed)
    }
}
