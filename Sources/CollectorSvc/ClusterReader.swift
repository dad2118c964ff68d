import Contract
import Foundation
import Logging
import Primitives
import ProxmoxAPI
import ProxmoxClient

/// Reads one cycle's worth of the cluster through the Proxmox API with bounded parallelism.
/// Keeps what does not need re-reading every cycle: guest configs (re-read when new, changed,
/// or due) and day/week node RRD (re-read every few cycles).
actor ClusterReader {
    private let client: PVEClient
    private let configuration: CollectorConfiguration
    private let logger: Logger
    private var configCache: [Int: CachedConfig] = [:]
    private var historyCache: [String: CachedHistory] = [:]
    private var pveVersion: String?

    private struct CachedConfig {
        var facts: GuestConfigFacts
        var signature: GuestSignature
    }

    /// What, when it changes in `/cluster/resources`, means the guest config may have changed.
    private struct GuestSignature: Equatable {
        var node: String?
        var maxmem: Int?
        var maxcpu: Double?
        var maxdisk: Int?
        var tags: [String]
        var name: String?
        var template: Bool

        init(_ entry: PVEResource) {
            node = entry.node
            maxmem = entry.maxmem
            maxcpu = entry.maxcpu
            maxdisk = entry.maxdisk
            tags = entry.tags
            name = entry.name
            template = entry.template
        }
    }

    private struct CachedHistory {
        var day: [PVENodeRRDPoint]
        var dayMax: [PVENodeRRDPoint]
        var week: [PVENodeRRDPoint]
        var weekMax: [PVENodeRRDPoint]
        var cycle: Int
    }

    init(client: PVEClient, configuration: CollectorConfiguration, logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// Reads the cluster for cycle number `cycle`. Throws `CycleFailure` only when the cluster
    /// itself cannot be read; any other failure becomes an error entry of the reading.
    func read(cycle: Int) async throws -> ClusterReading {
        let client = self.client
        async let statusCall = client.clusterStatus()
        async let resourcesCall = client.clusterResources()
        async let haStatusCall = Self.attempt("/cluster/ha/status/current") { try await client.haStatus() }
        async let haResourcesCall = Self.attempt("/cluster/ha/resources") { try await client.haResources() }
        async let optionsCall = Self.attempt("/cluster/options") { try await client.clusterOptions() }
        async let versionCall: Result<PVEVersion, CollectionError>? =
            pveVersion == nil ? Self.attempt("/version") { try await client.version() } : nil

        let status: PVEClusterStatus
        let resources: [PVEResource]
        do { status = try await statusCall } catch { throw CycleFailure.wrapping(error, endpoint: "/cluster/status") }
        do { resources = try await resourcesCall } catch { throw CycleFailure.wrapping(error, endpoint: "/cluster/resources") }

        var reading = ClusterReading(clusterStatus: status, resources: resources)
        reading.apiCalls = 5
        switch await optionsCall {
        case .success(let value): reading.migrationLimitBps = value.migrationLimitKiBps.map { $0 * 1024 }
        case .failure(let error): reading.errors.append(error)
        }
        switch await haStatusCall {
        case .success(let value): reading.haStatus = value
        case .failure(let error): reading.errors.append(error)
        }
        switch await haResourcesCall {
        case .success(let value): reading.haResources = value
        case .failure(let error): reading.errors.append(error)
        }
        if let version = await versionCall {
            reading.apiCalls += 1
            if case .success(let value) = version { pveVersion = value.version }
        }
        reading.pveVersion = pveVersion
        await readHARules(into: &reading)

        let offline = Set(status.offlineNodes)
        let onlineNodes = resources.filter { $0.type == .node && $0.status == "online" }.compactMap(\.node)
            .filter { !offline.contains($0) }.sorted()
        await readNodes(onlineNodes, cycle: cycle, into: &reading)
        await readGuestConfigs(
            resources, skipping: Set(resources.filter { $0.type == .node }.compactMap(\.node)).subtracting(onlineNodes),
            cycle: cycle, into: &reading)
        return reading
    }

    /// PVE 9's HA rules, or PVE 8's HA groups (with the resources' `group`); nothing while the
    /// version is unknown.
    private func readHARules(into reading: inout ClusterReading) async {
        guard let major = pveVersion.flatMap({ Int($0.split(separator: ".").first ?? "") }) else { return }
        let client = self.client
        reading.apiCalls += 1
        if major >= 9 {
            switch await Self.attempt("/cluster/ha/rules", { try await client.haRules() }) {
            case .success(let rules): reading.haRules = HARules(pveRules: rules)
            case .failure(let error): reading.errors.append(error)
            }
        } else {
            switch await Self.attempt("/cluster/ha/groups", { try await client.haGroups() }) {
            case .success(let groups): reading.haRules = HARules(pveGroups: groups, resources: reading.haResources)
            case .failure(let error): reading.errors.append(error)
            }
        }
    }

    private func readNodes(_ nodes: [String], cycle: Int, into reading: inout ClusterReading) async {
        let client = self.client
        let refreshHistory = { (node: String) -> Bool in
            guard let cached = self.historyCache[node] else { return true }
            return cycle - cached.cycle >= self.configuration.historyRefreshCycles
        }
        let due = Dictionary(uniqueKeysWithValues: nodes.map { ($0, refreshHistory($0)) })
        let results = await concurrentMap(nodes, limit: configuration.concurrency) { node in
            await NodeRead.read(node, client: client, withHistory: due[node] ?? true)
        }
        for result in results {
            reading.apiCalls += result.calls
            reading.errors += result.errors
            if let status = result.status { reading.nodeStatus[result.node] = status }
            if let history = result.history {
                historyCache[result.node] = CachedHistory(
                    day: history.day, dayMax: history.dayMax, week: history.week, weekMax: history.weekMax, cycle: cycle)
            }
            let cached = historyCache[result.node]
            if let hour = result.hour {
                reading.nodeLatestRRD[result.node] = hour.last { $0.cpu != nil }
                reading.nodeHistory[result.node] = RRDStatistics.nodeHistory(
                    hour: hour, day: cached?.day ?? [], dayMax: cached?.dayMax ?? [], week: cached?.week ?? [],
                    weekMax: cached?.weekMax ?? [])
            }
        }
        let known = Set(reading.resources.filter { $0.type == .node }.compactMap(\.node))
        historyCache = historyCache.filter { known.contains($0.key) }
    }

    private func readGuestConfigs(
        _ resources: [PVEResource], skipping unreachable: Set<String>, cycle: Int, into reading: inout ClusterReading
    ) async {
        let guests = resources.filter { $0.guestKind != nil && $0.vmid != nil && $0.node != nil }
        let refreshEvery = configuration.configRefreshCycles
        let due = guests.filter { entry in
            guard let vmid = entry.vmid, let node = entry.node, !unreachable.contains(node) else { return false }
            guard let cached = configCache[vmid] else { return true }
            return cached.signature != GuestSignature(entry) || (vmid + cycle) % refreshEvery == 0
        }
        let client = self.client
        let results = await concurrentMap(due, limit: configuration.concurrency) { entry -> (PVEResource, Result<PVEGuestConfig, CollectionError>) in
            // `due` only holds entries with a kind, vmid and node.
            let (node, kind, vmid) = (entry.node ?? "", entry.guestKind ?? .qemu, entry.vmid ?? 0)
            let kindPath = kind == .qemu ? "qemu" : "lxc"
            let result = await Self.attempt("/nodes/\(node)/\(kindPath)/\(vmid)/config", node: node) {
                try await client.guestConfig(node, kind: kind, vmid: vmid)
            }
            return (entry, result)
        }
        reading.apiCalls += results.count
        var failures: [CollectionError] = []
        for (entry, result) in results {
            guard let vmid = entry.vmid else { continue }
            switch result {
            case .success(let config): configCache[vmid] = CachedConfig(facts: GuestConfigFacts(config), signature: GuestSignature(entry))
            case .failure(let error): failures.append(error)
            }
        }
        // A guest whose config failed keeps its last known facts; thousands of failures are summarised.
        reading.errors += failures.prefix(20)
        if failures.count > 20 {
            reading.errors.append(
                CollectionError(endpoint: "/nodes/*/config", message: "\(failures.count - 20) more guest configs could not be read"))
        }
        let present = Set(guests.compactMap(\.vmid))
        configCache = configCache.filter { present.contains($0.key) }
        reading.guestConfigs = configCache.mapValues(\.facts)
    }

    /// Runs one API call, turning its failure into an error entry.
    static func attempt<T: Sendable>(
        _ endpoint: String, node: String? = nil, _ call: @Sendable () async throws -> T
    ) async -> Result<T, CollectionError> {
        do {
            return .success(try await call())
        } catch {
            return .failure(CollectionError(endpoint: endpoint, node: node, error: error))
        }
    }
}
