public import Shared

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
    let initialState: PlanState

    init(_ input: PlanInput) {
        let snapshot = input.snapshot
        let maintenance = input.maintenance.union(snapshot.nodes.filter(\.haMaintenance).map(\.name))
        let nodes = snapshot.nodes.map { node in
            var load: NodeLoad?
            var problem: String?
            if node.isOnline {
                do {
                    load = try NodeLoad(node, storages: snapshot.storages, trend: input.history[node.name])
                } catch {
                    problem = "\(error)"
                }
            }
            return PlanningNode(
                name: node.name, online: node.isOnline, maintenance: maintenance.contains(node.name), load: load,
                scoringProblem: problem, storages: Set(node.storages))
        }
        self.nodes = nodes
        var index: [String: Int] = [:]
        for (position, node) in nodes.enumerated() { index[node.name] = position }
        nodeIndex = index
        let guests = snapshot.guests
        self.guests = guests
        localStorages = Set(snapshot.storages.filter { !$0.shared }.map(\.id))

        var blocked: [Int: (SkipReason, String)] = [:]
        var movable: [Int] = []
        for (position, guest) in guests.enumerated() where index[guest.node] != nil {
            if let blocker = GuestEligibility.blocker(guest) {
                blocked[position] = blocker
            } else {
                movable.append(position)
            }
        }
        // Affinity: companions on one node form one bundle; a companion that may not move keeps the group.
        var groups: [String: [Int]] = [:]
        var singles: [Int] = []
        for position in movable {
            if let group = GuestTags(guests[position].tags).affinity {
                groups["\(guests[position].node)\u{0}\(group)", default: []].append(position)
            } else {
                singles.append(position)
            }
        }
        for (position, guest) in guests.enumerated() where blocked[position] != nil && guest.status == "running" {
            guard let group = GuestTags(guest.tags).affinity, let members = groups["\(guest.node)\u{0}\(group)"] else {
                continue
            }
            for member in members where blocked[member] == nil {
                blocked[member] = (
                    .ruleAffinity,
                    "\(guests[member].label) moves only with its \(group) companions, and \(guest.label) cannot move (\(blocked[position]!.0.rawValue))"
                )
            }
            groups["\(guest.node)\u{0}\(group)"] = nil
        }
        let distribution = input.settings.distribution
        func bundle(_ members: [Int], group: String?) -> MoveBundle {
            let sorted = members.sorted { guests[$0].memoryMaxBytes > guests[$1].memoryMaxBytes }
            let small = members.allSatisfy { member in
                let guest = guests[member]
                let coresOK = distribution.maxCores == 0 || guest.vcpus <= distribution.maxCores
                let memoryOK =
                    distribution.maxMemoryGib == 0
                    || Double(guest.memoryMaxBytes) <= distribution.maxMemoryGib * 1_073_741_824
                return coresOK && memoryOK
            }
            return MoveBundle(
                guests: sorted, source: index[guests[sorted[0]].node]!,
                load: .sum(sorted.map { GuestLoad(guests[$0]) }), affinityGroup: group,
                antiAffinity: sorted.flatMap { GuestTags(guests[$0].tags).antiAffinity },
                storages: Set(sorted.flatMap { guests[$0].storages }), small: small)
        }
        var bundles = singles.map { bundle([$0], group: nil) }
        for key in groups.keys.sorted() {
            guard let members = groups[key] else { continue }
            bundles.append(bundle(members, group: key.split(separator: "\u{0}").last.map(String.init)))
        }
        self.bundles = bundles
        self.blocked = blocked

        var running = Array(repeating: 0, count: nodes.count)
        var antiAffinity: [(group: String, node: Int)] = []
        for guest in guests where !guest.template {
            guard let node = index[guest.node] else { continue }
            if guest.status == "running" { running[node] += 1 }
            // Anti-affinity counts stopped guests too: they would clash once started.
            for group in GuestTags(guest.tags).antiAffinity { antiAffinity.append((group, node)) }
        }
        initialState = PlanState(nodes: nodes, runningGuests: running, antiAffinity: antiAffinity)
    }
}
