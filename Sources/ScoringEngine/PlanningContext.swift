public import Contract

/// The snapshot turned into what the planner works on: nodes with their scoring view, guests
/// that may move grouped into bundles, and the reason for every guest that may not.
struct PlanningContext {
    let nodes: [PlanningNode]
    let nodeIndex: [String: Int]
    let guests: [GuestState]
    let bundles: [MoveBundle]
    /// Running guests that may not move, by guest index.
    let blocked: [Int: (reason: SkipReason, detail: String)]
    /// Storage ids that are not shared (a guest on them has local disks to copy).
    let localStorages: Set<String>
    /// Proxmox's bandwidth limit on migrations, bytes per second (`ClusterSnapshot.migrationLimitBps`).
    let migrationLimitBps: Double?
    /// `exclude_<group>` tags by the id bundles and `PlanState` use.
    let antiAffinityGroups: [String]
    /// The ProxBalance tags of each guest, by guest index.
    let tags: [GuestTags]
    /// Proxmox HA node affinity rules (resource affinity is in `tags`).
    let haTargets: HARuleTargets
    let initialState: PlanState
    /// UTC hour of day (0–23) the snapshot was collected at, for the seasonal baseline.
    let hour: Int
    /// The confidence's past-outcomes factor (see `ConfidenceModel.historyFactor`).
    let historyFactor: Double

    init(_ input: PlanInput) {
        let snapshot = input.snapshot
        historyFactor = ConfidenceModel.historyFactor(input.outcomes)
        hour = HourlyBaseline.hour(of: snapshot.collectedAt)
        let nodes = PlanningNode.nodes(of: input)
        self.nodes = nodes
        var index: [String: Int] = [:]
        for (position, node) in nodes.enumerated() { index[node.name] = position }
        nodeIndex = index
        let guests = snapshot.guests
        self.guests = guests
        let tags = guests.map { GuestTags($0.tags + HARuleTargets.tags(snapshot.haRules, vmid: $0.vmid)) }
        self.tags = tags
        haTargets = HARuleTargets(rules: snapshot.haRules, guests: guests, nodes: nodes, nodeIndex: index)
        localStorages = Set(snapshot.storages.filter { !$0.shared }.map(\.id))
        migrationLimitBps = snapshot.migrationLimitBps

        var groupIDs: [String: Int] = [:]
        for group in tags.flatMap(\.antiAffinity) where groupIDs[group] == nil { groupIDs[group] = groupIDs.count }
        antiAffinityGroups = groupIDs.sorted { $0.value < $1.value }.map(\.key)

        var blocked: [Int: (SkipReason, String)] = [:]
        var movable: [Int] = []
        for (position, guest) in guests.enumerated() {
            guard let node = index[guest.node] else { continue }
            if let detail = input.held[guest.vmid] {
                blocked[position] = (.lowConfidence, detail)
            } else if let blocker = GuestEligibility.blocker(guest, evacuating: nodes[node].maintenance) {
                blocked[position] = blocker
            } else if input.settings.protectRunningWorkloads, !nodes[node].maintenance,
                let detail = PeakProtection.detail(guest, trend: input.trends.guests[guest.vmid], at: input.now)
            {
                blocked[position] = (.inPeak, detail)
            } else if let only = input.movableOnly, !only.vmids.contains(guest.vmid) {
                blocked[position] = (.lowConfidence, only.why)
            } else {
                movable.append(position)
            }
        }
        // Affinity: companions on one node form one bundle; a companion that may not move keeps the group.
        var groups: [String: [Int]] = [:]
        var singles: [Int] = []
        for position in movable {
            if let group = tags[position].affinity {
                groups["\(guests[position].node)\u{0}\(group)", default: []].append(position)
            } else {
                singles.append(position)
            }
        }
        for (position, guest) in guests.enumerated() where blocked[position] != nil && guest.isRunning {
            guard let group = tags[position].affinity, let members = groups["\(guest.node)\u{0}\(group)"] else { continue }
            for member in members where blocked[member] == nil {
                blocked[member] = (
                    .ruleAffinity,
                    "\(guests[member].label) moves only with its \(group) companions, and \(guest.label) cannot move (\(blocked[position]!.0.rawValue))"
                )
            }
            groups["\(guest.node)\u{0}\(group)"] = nil
        }
        // Which nodes have every storage of a set, computed once per distinct set.
        var storageFits: [Set<String>: [Bool]] = [:]
        let local = localStorages
        func bundle(_ members: [Int], group: String?) -> MoveBundle {
            MoveBundle(
                members: members, affinityGroup: group, source: index[guests[members[0]].node]!, guests: guests,
                tags: tags, antiAffinityIDs: groupIDs, distribution: input.settings.distribution, trends: input.trends.guests,
                localStorages: local
            ) { storages in
                if let known = storageFits[storages] { return known }
                let computed = nodes.map { storages.isSubset(of: $0.storages) }
                storageFits[storages] = computed
                return computed
            }
        }
        var bundles = singles.map { bundle([$0], group: nil) }
        for key in groups.keys.sorted() {
            guard let members = groups[key] else { continue }
            bundles.append(bundle(members, group: key.split(separator: "\u{0}").last.map(String.init)))
        }
        self.bundles = bundles
        self.blocked = blocked

        var running = Array(repeating: 0, count: nodes.count)
        var antiAffinity: [(group: Int, node: Int)] = []
        for (position, guest) in guests.enumerated() where Placement.occupies(template: guest.template) {
            guard let node = index[guest.node] else { continue }
            if guest.isRunning { running[node] += 1 }
            for group in tags[position].antiAffinity { antiAffinity.append((groupIDs[group]!, node)) }
        }
        initialState = PlanState(
            nodes: nodes, runningGuests: running, groups: antiAffinityGroups.count, antiAffinity: antiAffinity)
    }

    /// Guest `index` alone as a bundle, whatever its rules say (for per-guest questions).
    func singleBundle(_ index: Int, settings: ScoringSettings) -> MoveBundle? {
        guard let source = nodeIndex[guests[index].node] else { return nil }
        let ids = Dictionary(uniqueKeysWithValues: antiAffinityGroups.enumerated().map { ($1, $0) })
        return MoveBundle(
            members: [index], affinityGroup: nil, source: source, guests: guests, tags: tags, antiAffinityIDs: ids,
            distribution: settings.distribution
        ) { storages in nodes.map { storages.isSubset(of: $0.storages) } }
    }
}
