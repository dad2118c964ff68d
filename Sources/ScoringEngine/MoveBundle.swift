public import Contract

/// Guests that move as one: a single guest, or the `affinity_<group>` companions on one node.
struct MoveBundle: Sendable {
    /// Indexes into the snapshot's guests; the largest (by memory) first.
    let guests: [Int]
    /// Index of the source node.
    let source: Int
    let load: GuestLoad
    let affinityGroup: String?
    /// Ids of the `exclude_<group>` tags of its members (`PlanningContext.antiAffinityGroups`).
    let antiAffinity: [Int]
    let storages: Set<String>
    /// By node index: whether the node has every storage in `storages`.
    let storageFits: [Bool]
    /// All members are small enough for distribution balancing.
    let small: Bool
    /// How many members run (a stopped one moves offline and adds to no running count).
    let running: Int
    /// Bytes its migration copies: the memory in use of running members, and all the disks of a
    /// member with a disk on a storage that is not shared (the snapshot gives only a guest's total).
    let copyBytes: Int64
    /// The fastest sustained CPU growth of a member (% of its own mean CPU per day, from a trend
    /// whose behaviour is `growing`), 0 when none grows: relief prefers it among similar guests.
    let growthPctPerDay: Double

    /// The bundle of `members` (indexes into `guests`, all on node `source`), whose tags are
    /// `tags` (by guest index) and whose storages fit the nodes `storageFits` says; `trends` are
    /// the guests' trends by vmid; `localStorages` the storages that are not shared.
    init(
        members: [Int], affinityGroup: String?, source: Int, guests: [GuestState], tags: [GuestTags],
        antiAffinityIDs: [String: Int], distribution: DistributionSettings, trends: [Int: GuestTrend] = [:],
        localStorages: Set<String> = [], storageFits: (Set<String>) -> [Bool]
    ) {
        let sorted = members.count == 1 ? members : members.sorted { guests[$0].memoryMaxBytes > guests[$1].memoryMaxBytes }
        // Each member read once.
        var storages = Set<String>()
        var loads: [GuestLoad] = []
        var antiAffinity: [Int] = []
        var running = 0
        var small = true
        var growth = 0.0
        var copy: Int64 = 0
        for member in sorted {
            let guest = guests[member]
            if guest.isRunning { copy += guest.memoryUsedBytes }
            if guest.storages.contains(where: localStorages.contains) { copy += guest.diskBytes ?? 0 }
            if let trend = trends[guest.vmid], trend.behaviour == .growing { growth = max(growth, trend.growthPctPerDay) }
            storages.formUnion(guest.storages)
            loads.append(GuestLoad(guest))
            antiAffinity += tags[member].antiAffinity.compactMap { antiAffinityIDs[$0] }
            if guest.isRunning { running += 1 }
            small = small && distribution.isSmall(guest)
        }
        self.guests = sorted
        self.source = source
        load = .sum(loads)
        self.affinityGroup = affinityGroup
        self.antiAffinity = antiAffinity
        self.storages = storages
        self.storageFits = storageFits(storages)
        self.running = running
        self.small = small
        growthPctPerDay = growth
        copyBytes = copy
    }
}
