import Foundation

/// A simulated Proxmox VE cluster: nodes, storages, guests and their workloads (JSON with
/// snake_case keys; everything but node names, guest ids/nodes and storage ids has a default).
public struct Scenario: Codable, Sendable, Equatable {
    /// Cluster name shown in `/cluster/status`.
    public var cluster: String
    /// Proxmox VE version answered by `/version` (`8.4.14`, `7.4-16`, `9.0.3`…).
    public var pveVersion: String
    public var seed: UInt64
    public var clock: ScenarioClock
    public var migration: ScenarioMigration
    public var storages: [ScenarioStorage]
    public var nodes: [ScenarioNode]
    public var guests: [ScenarioGuest]
    /// HA rules served on `/cluster/ha/rules` when `pveVersion` is 9 or later.
    public var haRules: [ScenarioHARule]
    /// HA groups served on `/cluster/ha/groups` before PVE 9.
    public var haGroups: [ScenarioHAGroup]

    public init(
        cluster: String = "pve-cluster", pveVersion: String = "8.4.14", seed: UInt64 = 1,
        clock: ScenarioClock = ScenarioClock(), migration: ScenarioMigration = ScenarioMigration(),
        storages: [ScenarioStorage] = [], nodes: [ScenarioNode] = [], guests: [ScenarioGuest] = [],
        haRules: [ScenarioHARule] = [], haGroups: [ScenarioHAGroup] = []
    ) {
        self.cluster = cluster
        self.pveVersion = pveVersion
        self.seed = seed
        self.clock = clock
        self.migration = migration
        self.storages = storages
        self.nodes = nodes
        self.guests = guests
        self.haRules = haRules
        self.haGroups = haGroups
    }

    enum CodingKeys: String, CodingKey {
        case cluster, seed, clock, migration, storages, nodes, guests
        case pveVersion = "pve_version"
        case haRules = "ha_rules"
        case haGroups = "ha_groups"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        cluster = try c.value("cluster", default: "pve-cluster")
        pveVersion = try c.value("pve_version", default: "8.4.14")
        seed = try c.value("seed", default: 1)
        clock = try c.value("clock", default: ScenarioClock())
        migration = try c.value("migration", default: ScenarioMigration())
        storages = try c.value("storages", default: [])
        nodes = try c.required("nodes")
        guests = try c.value("guests", default: [])
        haRules = try c.value("ha_rules", default: [])
        haGroups = try c.value("ha_groups", default: [])
    }

    /// Loads and validates a scenario JSON file.
    public static func load(path: String) throws -> Scenario {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ScenarioError("cannot read scenario '\(path)': \(error.localizedDescription)")
        }
        return try decode(data, source: path)
    }

    /// Decodes and validates scenario JSON; `source` names it in error messages.
    public static func decode(_ data: Data, source: String = "scenario") throws -> Scenario {
        let scenario: Scenario
        do {
            scenario = try JSONDecoder().decode(Scenario.self, from: data)
        } catch let error as DecodingError {
            throw ScenarioError("invalid scenario '\(source)': \(Self.describe(error))")
        } catch {
            throw ScenarioError("invalid scenario '\(source)': \(error.localizedDescription)")
        }
        try scenario.validate()
        return scenario
    }

    /// The scenario as pretty-printed JSON with snake_case keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Checks references and ranges; throws the first problem found.
    public func validate() throws {
        guard !nodes.isEmpty else { throw ScenarioError("scenario has no nodes") }
        var nodeNames = Set<String>()
        for node in nodes {
            guard Self.isValidNodeName(node.name) else { throw ScenarioError("invalid node name '\(node.name)'") }
            guard nodeNames.insert(node.name).inserted else { throw ScenarioError("duplicate node '\(node.name)'") }
            guard node.cpus > 0, node.memoryGib > 0 else { throw ScenarioError("node '\(node.name)' needs cpus and memory_gib > 0") }
        }
        let storageIDs = Set(storages.map(\.id))
        guard storageIDs.count == storages.count else { throw ScenarioError("duplicate storage id") }
        for node in nodes {
            for id in node.storages ?? [] where !storageIDs.contains(id) {
                throw ScenarioError("node '\(node.name)' lists unknown storage '\(id)'")
            }
        }
        var vmids = Set<Int>()
        for guest in guests {
            guard (100...999_999_999).contains(guest.vmid) else { throw ScenarioError("invalid vmid \(guest.vmid)") }
            guard vmids.insert(guest.vmid).inserted else { throw ScenarioError("duplicate vmid \(guest.vmid)") }
            guard nodeNames.contains(guest.node) else { throw ScenarioError("guest \(guest.vmid) is on unknown node '\(guest.node)'") }
            guard ["running", "stopped", "paused"].contains(guest.status) else {
                throw ScenarioError("guest \(guest.vmid) has invalid status '\(guest.status)'")
            }
            guard guest.memoryMib > 0, guest.cores > 0 else { throw ScenarioError("guest \(guest.vmid) needs cores and memory_mib > 0") }
            for disk in guest.disks where !storageIDs.contains(disk.storage) {
                throw ScenarioError("guest \(guest.vmid) disk '\(disk.key)' uses unknown storage '\(disk.storage)'")
            }
            for mount in guest.mountPoints {
                if let storage = mount.storage, !storageIDs.contains(storage) {
                    throw ScenarioError("guest \(guest.vmid) mount point '\(mount.key)' uses unknown storage '\(storage)'")
                }
            }
        }
        guard clock.speed > 0, clock.speed <= 1e6, migration.bandwidthMiBs > 0, migration.timeScale >= 0 else {
            throw ScenarioError("clock.speed must be in (0, 1e6], migration.bandwidth_mib_s > 0 and time_scale >= 0")
        }
        if let limit = migration.bwlimitKiBs, !(1...1e10).contains(limit) {
            throw ScenarioError("migration.bwlimit_kib_s must be from 1 to 1e10 KiB/s")
        }
        if let start = clock.start, !(0...4_102_444_800).contains(start) {
            throw ScenarioError("clock.start must be epoch seconds between 1970 and 2100")
        }
        if let node = nodes.first(where: { $0.cpus > 65_536 || $0.memoryGib > 1e6 }) {
            throw ScenarioError("node '\(node.name)' is larger than the simulator supports (65536 cpus, 1e6 GiB)")
        }
        if let guest = guests.first(where: { $0.memoryMib > 1 << 30 || $0.cores > 4096 || !(0...1).contains($0.workload.cpu) }) {
            throw ScenarioError("guest \(guest.vmid) is out of range (memory_mib <= 2^30, cores <= 4096, workload.cpu in 0...1)")
        }
    }

    /// Proxmox node names: letters, digits and dashes.
    static func isValidNodeName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at " + keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription + path(context)
        @unknown default: return String(describing: error)
        }
    }
}

/// A scenario that cannot be read or is inconsistent.
public struct ScenarioError: Error, CustomStringConvertible, LocalizedError, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
