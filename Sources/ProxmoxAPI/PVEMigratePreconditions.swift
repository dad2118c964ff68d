import Contract

/// The answer of `GET /nodes/{node}/{qemu|lxc}/{vmid}/migrate`, normalised across QEMU
/// (underscored keys) and LXC (dashed keys, PVE 9 only).
///
/// Gotcha handled here: current Proxmox lists every *allowed* node in `not_allowed_nodes` too,
/// as an empty object. A node is blocked only when its object says why.
public struct PVEMigratePreconditions: Sendable, Hashable, Decodable {
    /// A local disk that would have to be copied (QEMU only; shared-storage disks are excluded).
    public struct LocalDisk: Sendable, Hashable {
        public var volid: String
        public var sizeBytes: Int?
        /// `scsi0`, … when attached.
        public var driveName: String?
        public var isCDROM: Bool
        public var isUnused: Bool
        public var isCloudInit: Bool
        public var isReplicated: Bool
    }

    public var running: Bool
    public var allowedNodes: [String]
    /// Blocked nodes and why (`storage not available: local-lvm`, `blocked by HA resource
    /// vm:101 (node-affinity)`, …). Allowed nodes never appear here.
    public var notAllowed: [String: [String]]
    public var localDisks: [LocalDisk]
    /// Config keys that block migration (`hostpci0`, `usb1`, non-socket `serial0`, …).
    public var localResources: [String]
    /// Mapped devices; they block online migration only.
    public var mappedResources: [String]
    /// HA resources that will move along (positive affinity), `vm:101`.
    public var dependentHAResources: [String]

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        running = try fields.optional("running") ?? false
        allowedNodes = try fields.list(fields.firstPresentKey("allowed_nodes", "allowed-nodes"), of: String.self) ?? []
        notAllowed = try Self.blockedNodes(fields, key: fields.firstPresentKey("not_allowed_nodes", "not-allowed-nodes"))
        localDisks = try (fields.objects(fields.firstPresentKey("local_disks", "local-disks")) ?? []).map {
            LocalDisk(
                volid: try $0.required("volid"), sizeBytes: try $0.optional("size"),
                driveName: try $0.optional("drivename"), isCDROM: try $0.optional("cdrom") ?? false,
                isUnused: try $0.optional("is_unused") ?? false, isCloudInit: try $0.optional("is_cloudinit") ?? false,
                isReplicated: try $0.optional("replicate") ?? false)
        }
        localResources = try fields.list(fields.firstPresentKey("local_resources", "local-resources"), of: String.self) ?? []
        mappedResources = try fields.list(fields.firstPresentKey("mapped-resources", "mapped_resources"), of: String.self) ?? []
        dependentHAResources = try Self.sids(fields, key: fields.firstPresentKey("dependent-ha-resources", "dependent_ha_resources"))
    }

    /// Whether Proxmox reports `node` as a possible target.
    public func isAllowed(_ node: String) -> Bool {
        notAllowed[node] == nil && allowedNodes.contains(node)
    }

    /// Node → reasons, skipping nodes whose entry is empty (allowed).
    private static func blockedNodes(_ fields: PVEFields, key: String) throws -> [String: [String]] {
        guard let value = fields.values[key] else { return [:] }
        switch value {
        case .null:
            return [:]
        case .array(let nodes):
            // Older versions: a plain list of node names.
            return Dictionary(nodes.compactMap(\.stringValue).map { ($0, ["not allowed"]) }, uniquingKeysWith: { a, _ in a })
        case .object(let nodes):
            var result: [String: [String]] = [:]
            for (node, detail) in nodes {
                let reasons = try reasonsFor(detail, path: fields.codingPath + [PVEFieldKey(key), PVEFieldKey(node)])
                if !reasons.isEmpty { result[node] = reasons }
            }
            return result
        default:
            throw fields.mismatch(key, expected: "an object of node names", found: value)
        }
    }

    private static func reasonsFor(_ detail: PVEValue, path: [any CodingKey]) throws -> [String] {
        switch detail {
        case .object(let members):
            let entry = PVEFields(members, codingPath: path)
            var reasons: [String] = []
            for key in members.keys.sorted() {
                switch key {
                case "unavailable_storages", "unavailable-storages":
                    let storages = try entry.list(key, of: String.self) ?? []
                    if !storages.isEmpty { reasons.append("storage not available: \(storages.joined(separator: ", "))") }
                case "unavailable-resources", "unavailable_resources":
                    let resources = try entry.list(key, of: String.self) ?? []
                    if !resources.isEmpty { reasons.append("mapped resource not available: \(resources.joined(separator: ", "))") }
                case "blocking-ha-resources", "blocking_ha_resources":
                    for blocker in try entry.objects(key) ?? [] {
                        let sid: String = try blocker.optional("sid") ?? "?"
                        let cause: String? = try blocker.optional("cause")
                        reasons.append("blocked by HA resource \(sid)" + (cause.map { " (\($0))" } ?? ""))
                    }
                default:
                    if let text = describe(members[key] ?? .null) { reasons.append("\(key): \(text)") }
                }
            }
            return reasons
        case .array(let items):
            return items.compactMap(describe)
        case .null:
            return []
        default:
            return describe(detail).map { [$0] } ?? []
        }
    }

    /// A short text for an unrecognised reason; `nil` for empty values.
    private static func describe(_ value: PVEValue) -> String? {
        switch value {
        case .null: return nil
        case .array(let items):
            let texts = items.compactMap(describe)
            return texts.isEmpty ? nil : texts.joined(separator: ", ")
        case .object(let members):
            return members.isEmpty ? nil : members.keys.sorted().joined(separator: ", ")
        default:
            return value.stringValue
        }
    }

    /// A list of sids, given as strings or as `{sid: …}` objects.
    private static func sids(_ fields: PVEFields, key: String) throws -> [String] {
        guard let value = fields.values[key], value != .null else { return [] }
        guard case .array(let items) = value else { throw fields.mismatch(key, expected: "an array", found: value) }
        return items.compactMap { $0.stringValue ?? $0.objectValue?["sid"]?.stringValue }
    }
}
