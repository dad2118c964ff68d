import Contract
import Foundation
import ProxmoxAPI

/// Builds a `ClusterSnapshot` from one cycle's reading and the previous cycle's counters. Pure:
/// no I/O, no clock — `now` is given.
struct SnapshotBuilder: Sendable {
    var cluster: String
    var intervalSeconds: Double

    /// The snapshot and the counter samples to keep for the next cycle.
    func build(
        _ reading: ClusterReading, previousCounters: [Int: CounterSample], cycle: Int, durationMs: Double, now: Date
    ) -> (snapshot: ClusterSnapshot, counters: [Int: CounterSample]) {
        let guestEntries = reading.resources.filter { $0.guestKind != nil && $0.vmid != nil }
        let offline = Set(reading.clusterStatus.offlineNodes)
        var counters: [Int: CounterSample] = [:]
        let guests = guestEntries.compactMap { entry -> GuestState? in
            guard let guest = guestState(entry, reading: reading, previous: previousCounters, now: now) else { return nil }
            if let sample = counterSample(entry, now: now) { counters[guest.vmid] = sample }
            return guest
        }.sorted { $0.vmid < $1.vmid }

        let storageEntries = reading.resources.filter { $0.type == .storage && $0.storage != nil }
        let nodes = reading.resources.filter { $0.type == .node }.compactMap { entry -> NodeState? in
            guard let name = entry.node else { return nil }
            return nodeState(
                name: name, entry: entry, offline: offline.contains(name), guests: guests,
                storages: storageEntries, reading: reading)
        }.sorted { $0.name < $1.name }

        let statusNodes = reading.clusterStatus.nodes
        let quorum = QuorumState(
            quorate: reading.clusterStatus.isQuorate,
            nodesOnline: statusNodes.isEmpty ? nodes.filter(\.isOnline).count : reading.clusterStatus.onlineNodes.count,
            nodesTotal: statusNodes.isEmpty ? nodes.count : statusNodes.count)
        let snapshot = ClusterSnapshot(
            cluster: cluster, collectedAt: now,
            collection: CollectionInfo(
                cycle: cycle, durationMs: durationMs, intervalSeconds: intervalSeconds, apiCalls: reading.apiCalls,
                errors: reading.errors),
            quorum: quorum, pveVersion: reading.pveVersion, nodes: nodes, guests: guests,
            storages: Self.storages(storageEntries), haRules: reading.haRules, migrationLimitBps: reading.migrationLimitBps)
        return (snapshot, counters)
    }

    private func nodeState(
        name: String, entry: PVEResource, offline: Bool, guests: [GuestState], storages: [PVEResource],
        reading: ClusterReading
    ) -> NodeState {
        let status = offline ? "offline" : (entry.status ?? "unknown")
        let online = status == "online"
        let here = guests.filter { $0.node == name && !$0.template }
        let nodeStatus = reading.nodeStatus[name]
        let memoryTotal = entry.maxmem.map(Int64.init) ?? nodeStatus?.memory.map { Int64($0.total) }
        let memoryUsed = online ? (entry.mem.map(Int64.init) ?? nodeStatus?.memory.map { Int64($0.used) }) : nil
        let committed = MemoryGate.committedBytes(
            guests.filter { $0.node == name }.map { (maxMemoryBytes: $0.memoryMaxBytes, template: $0.template) })
        let threads = entry.maxcpu.map { Int($0) } ?? nodeStatus?.cpuinfo?.cpus
        let maintenance = reading.haStatus.contains { $0.type == .lrm && $0.node == name && $0.isMaintenance }
        return NodeState(
            name: name, status: status, haMaintenance: maintenance,
            cpuPct: online ? entry.cpu.map { $0 * 100 } : nil,
            iowaitPct: online ? reading.nodeLatestRRD[name]?.iowait.map { $0 * 100 } : nil,
            loadAverage: online ? nodeStatus.map(\.loadavg).flatMap { $0.isEmpty ? nil : $0 } : nil,
            cpuThreads: threads, cpuCores: nodeStatus?.cpuinfo?.cores, cpuModel: nodeStatus?.cpuinfo?.model,
            memoryUsedBytes: memoryUsed, memoryTotalBytes: memoryTotal,
            memoryPct: memoryUsed.flatMap { used in memoryTotal.flatMap { $0 > 0 ? Double(used) / Double($0) * 100 : nil } },
            committedMemoryBytes: committed,
            overcommitRatio: memoryTotal.flatMap { $0 > 0 ? Double(committed) / Double($0) : nil },
            guestCpuCores: here.filter { $0.isRunning }.reduce(0) { $0 + $1.cpuCores },
            guestsRunning: here.filter { $0.isRunning }.count, guestsTotal: here.count,
            storages: storages.filter { $0.node == name && $0.status == "available" }.compactMap(\.storage).sorted(),
            uptimeSeconds: online ? entry.uptime.map(Int64.init) : nil,
            pveVersion: nodeStatus?.pveversion.flatMap(Self.managerVersion),
            history: online ? reading.nodeHistory[name] : nil)
    }

    private func guestState(
        _ entry: PVEResource, reading: ClusterReading, previous: [Int: CounterSample], now: Date
    ) -> GuestState? {
        guard let vmid = entry.vmid, let kind = entry.guestKind, let node = entry.node else { return nil }
        let type: GuestType = kind == .qemu ? .qemu : .lxc
        let running = entry.isRunning
        let rates = running ? previous[vmid].flatMap { old in counterSample(entry, now: now).flatMap { CounterRates(from: old, to: $0) } } : nil
        let facts = reading.guestConfigs[vmid]
        let haSID = "\(kind == .qemu ? "vm" : "ct"):\(vmid)"
        let ha = reading.haResources.first { $0.sid == haSID }.map { resource in
            HAState(
                state: resource.state, group: resource.group,
                crmState: reading.haStatus.first { $0.sid == haSID }?.crmState ?? entry.hastate)
        }
        return GuestState(
            vmid: vmid, name: entry.name, type: type, node: node, status: entry.status ?? "unknown",
            template: entry.template, vcpus: entry.maxcpu ?? 0, cpuPct: running ? (entry.cpu ?? 0) * 100 : 0,
            memoryUsedBytes: running ? Int64(entry.mem ?? 0) : 0, memoryMaxBytes: Int64(entry.maxmem ?? 0),
            diskReadBps: rates?.diskRead, diskWriteBps: rates?.diskWrite, netInBps: rates?.netIn, netOutBps: rates?.netOut,
            tags: entry.tags, ha: ha, lock: entry.lock, storages: facts?.storages ?? [],
            diskBytes: facts?.diskBytes ?? entry.maxdisk.map(Int64.init), passthrough: facts?.passthrough ?? [],
            bindMounts: facts?.bindMounts ?? [], uptimeSeconds: running ? entry.uptime.map(Int64.init) : nil,
            configKnown: facts != nil)
    }

    private func counterSample(_ entry: PVEResource, now: Date) -> CounterSample? {
        guard entry.isRunning, let node = entry.node, let uptime = entry.uptime else { return nil }
        return CounterSample(
            node: node, uptime: uptime, netIn: entry.netin ?? 0, netOut: entry.netout ?? 0,
            diskRead: entry.diskread ?? 0, diskWrite: entry.diskwrite ?? 0, at: now)
    }

    /// One entry per storage id: a shared storage once with its size; a local one with every
    /// node that has it and the sizes added up.
    static func storages(_ entries: [PVEResource]) -> [StorageState] {
        Dictionary(grouping: entries, by: { $0.storage ?? "" }).map { id, group in
            let shared = group.contains { $0.shared == true }
            let available = group.filter { $0.status == "available" }
            let sized = shared ? Array(available.prefix(1)) : available
            let total = sized.compactMap(\.maxdisk).reduce(0, +)
            let used = sized.compactMap(\.disk).reduce(0, +)
            return StorageState(
                id: id, type: group.first?.plugintype, shared: shared, content: group.first?.content ?? [],
                nodes: available.compactMap(\.node).sorted(),
                totalBytes: sized.isEmpty ? nil : Int64(total), usedBytes: sized.isEmpty ? nil : Int64(used))
        }.sorted { $0.id < $1.id }
    }

    /// `8.4.14` from `pve-manager/8.4.14/b502d23c55afcba1`.
    static func managerVersion(_ text: String) -> String? {
        let parts = text.split(separator: "/")
        return parts.count >= 2 ? String(parts[1]) : nil
    }
}
