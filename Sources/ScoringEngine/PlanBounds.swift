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
    /// guests whose storages only some nodes have are filled over those nodes alone (an island of
    /// nodes sharing a storage holds its own guests).
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
        let everywhere = context.nodes.map { _ in true }
        var level = fill(context, bySource: bySource, over: everywhere, movable: bySource.flatMap { $0 })
        // Guests that may only go to some nodes (their storages): those nodes hold them at least,
        // filled over the nodes alone (an island is as hot as its own water level).
        var confined: [[Bool]: [Int]] = [:]
        for (index, bundle) in context.bundles.enumerated() where context.nodes[bundle.source].load != nil {
            let allowed = context.nodes.indices.map { bundle.storageFits[$0] && (context.nodes[$0].isTarget || $0 == bundle.source) }
            confined[allowed, default: []].append(index)
        }
        for allowed in confined.keys where allowed.contains(false) {
            let inside = confined.filter { other, _ in zip(other, allowed).allSatisfy { !$0 || $1 } }.flatMap(\.value)
            level = max(level, fill(context, bySource: bySource, over: allowed, movable: inside))
        }
        return level
    }

    /// The lowest maximum CPU % of the nodes in `over` holding the bundles `movable` on top of the
    /// load that cannot leave them (each node's CPU less all its movable guests): the level L
    /// where Σ max(0, L − floor) × threads / 100 holds the movable cores, and no lower than any
    /// node's floor in `over`.
    static func fill(_ context: PlanningContext, bySource: [[Int]], over: [Bool], movable bundles: [Int]) -> Double {
        var floors: [(floor: Double, threads: Double)] = []
        var fixed = 0.0
        for (index, node) in context.nodes.enumerated() where over[index] {
            guard let load = node.load else { continue }
            let cores = bySource[index].reduce(0.0) { $0 + context.bundles[$1].load.cpuCores }
            let floor = max(0, load.cpuPct - cores * 100 / Double(load.cpuThreads))
            if node.isTarget { floors.append((floor, Double(load.cpuThreads))) }
            fixed = max(fixed, floor)
        }
        let movable = bundles.reduce(0.0) { $0 + context.bundles[$1].load.cpuCores }
        guard !floors.isEmpty else { return fixed }
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

    /// The lowest maximum CPU % any placement of `input`'s movable guests reaches, by exhaustive
    /// search (branch and bound over the bundles, largest first, each on its source or a node
    /// that may receive it and has its storages; memory and the other rules are not checked, so
    /// it is a bound no plan beats), or `nil` when the search needs more than `budget` steps.
    /// For small clusters, where the water level is loose because guests do not split.
    /// `reliefOnly`: only the guests of nodes under pressure move (as relief moves them), so a
    /// plan above it leaves relief on the table and one between the two needs guests of healthy
    /// nodes to move too.
    public static func bestMaxCPU(_ input: PlanInput, reliefOnly: Bool = false, budget: Int = 20_000_000) -> Double? {
        let context = PlanningContext(input)
        let planner = BatchPlanner(context: context, settings: input.settings)
        var bySource = Array(repeating: [Int](), count: context.nodes.count)
        for (index, bundle) in context.bundles.enumerated() { bySource[bundle.source].append(index) }
        let nodes = context.nodes.indices.filter { context.nodes[$0].load != nil }
        let moving = context.nodes.indices.map { !reliefOnly || planner.pressure(of: $0) != nil }
        var cpu = Array(repeating: 0.0, count: context.nodes.count)
        var threads = Array(repeating: 1.0, count: context.nodes.count)
        for index in nodes {
            guard let load = context.nodes[index].load else { continue }
            let cores = moving[index] ? bySource[index].reduce(0.0) { $0 + context.bundles[$1].load.cpuCores } : 0
            threads[index] = Double(load.cpuThreads)
            cpu[index] = max(0, load.cpuPct - cores * 100 / threads[index])
        }
        let order = bySource.indices.filter { context.nodes[$0].load != nil && moving[$0] }.flatMap { bySource[$0] }
            .filter { context.bundles[$0].load.cpuCores > 0 }
            .sorted { context.bundles[$0].load.cpuCores > context.bundles[$1].load.cpuCores }
        let choices = order.map { bundle in
            nodes.filter { $0 == context.bundles[bundle].source || (context.nodes[$0].isTarget && context.bundles[bundle].storageFits[$0]) }
        }
        let floor = waterLevel(context, bySource: bySource)
        var best = context.initialState.loads.compactMap { $0?.cpuPct }.max() ?? 0
        var steps = 0
        // Nodes interchangeable for every bundle left: same load, size and storages, both targets.
        func alike(_ a: Int, _ b: Int) -> Bool {
            cpu[a] == cpu[b] && threads[a] == threads[b] && context.nodes[a].isTarget && context.nodes[b].isTarget
                && context.nodes[a].storages == context.nodes[b].storages
        }
        func search(_ position: Int, _ peak: Double) -> Bool {
            steps += 1
            if steps > budget { return false }
            guard position < order.count else {
                best = min(best, peak)
                return true
            }
            let cores = context.bundles[order[position]].load.cpuCores
            // Coolest first, so good placements come early and prune the rest; nodes alike once.
            var tried: [Int] = []
            for node in choices[position].sorted(by: { cpu[$0] < cpu[$1] }) {
                let after = cpu[node] + cores * 100 / threads[node]
                if max(peak, after) >= best - 1e-9 || best <= floor + 1e-9 { continue }
                if tried.contains(where: { alike($0, node) }) { continue }
                tried.append(node)
                cpu[node] = after
                defer { cpu[node] -= cores * 100 / threads[node] }
                if !search(position + 1, max(peak, after)) { return false }
            }
            return true
        }
        let start = nodes.map { cpu[$0] }.max() ?? 0
        return search(0, start) ? best : nil
    }
}
