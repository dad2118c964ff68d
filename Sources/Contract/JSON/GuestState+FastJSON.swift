import Foundation

// The guest list is most of a snapshot (5,000 guests in a large cluster): its members are
// written and read here by hand instead of through Codable's containers. The equivalence tests
// compare both ways with Foundation's, so a property added to `GuestState` and not here fails
// them.

extension GuestState {
    /// The guest as JSON, members in key order; `nil` when a number is not finite.
    func fastJSON() -> [UInt8]? {
        var writer = JSONObjectWriter(capacity: 512)
        writer.field("bind_mounts", objects: bindMounts) { mount, item in
            item.field("key", mount.key)
            item.field("mount_path", mount.mountPath)
            item.field("shared", mount.shared)
            item.field("source", mount.source)
        }
        writer.field("config_known", configKnown)
        writer.field("cpu_cores", cpuCores)
        writer.field("cpu_pct", cpuPct)
        writer.field("disk_bytes", diskBytes)
        writer.field("disk_read_bps", diskReadBps)
        writer.field("disk_write_bps", diskWriteBps)
        if let ha {
            writer.field("ha", object: ha) { ha, item in
                item.field("crm_state", ha.crmState)
                item.field("group", ha.group)
                item.field("state", ha.state)
            }
        }
        writer.field("lock", lock)
        writer.field("memory_max_bytes", memoryMaxBytes)
        writer.field("memory_used_bytes", memoryUsedBytes)
        writer.field("name", name)
        writer.field("net_in_bps", netInBps)
        writer.field("net_out_bps", netOutBps)
        writer.field("node", node)
        writer.field("passthrough", passthrough)
        writer.field("status", status)
        writer.field("storages", storages)
        writer.field("tags", tags)
        writer.field("template", template)
        writer.field("type", type.rawValue)
        writer.field("uptime_seconds", uptimeSeconds)
        writer.field("vcpus", vcpus)
        writer.field("vmid", vmid)
        return writer.valid ? writer.finish() : nil
    }

    /// The guest from a parsed object, with the same errors as its `Decodable` conformance
    /// (fields checked in declaration order).
    init(fastJSON members: [(key: String, value: JSONNode)], path: CodingPathNode) throws {
        var found = [JSONNode?](repeating: nil, count: Self.fastKeys.count)
        for member in members {
            if let slot = Self.fastSlot(member.key) { found[slot] = member.value }
        }
        var reader = FieldReader(found: found, path: path, names: Self.fastKeys)
        vmid = try reader.scalar(0)
        name = try reader.optionalScalar(1)
        type = try reader.required(2)
        node = try reader.scalar(3)
        status = try reader.scalar(4)
        template = try reader.scalar(5)
        vcpus = try reader.scalar(6)
        cpuPct = try reader.scalar(7)
        cpuCores = try reader.scalar(8)
        memoryUsedBytes = try reader.scalar(9)
        memoryMaxBytes = try reader.scalar(10)
        diskReadBps = try reader.optionalScalar(11)
        diskWriteBps = try reader.optionalScalar(12)
        netInBps = try reader.optionalScalar(13)
        netOutBps = try reader.optionalScalar(14)
        tags = try reader.strings(15)
        ha = try reader.optional(16)
        lock = try reader.optionalScalar(17)
        storages = try reader.strings(18)
        diskBytes = try reader.optionalScalar(19)
        passthrough = try reader.strings(20)
        bindMounts = try reader.required(21)
        uptimeSeconds = try reader.optionalScalar(22)
        configKnown = try reader.scalar(23)
    }

    /// Property names in declaration order (camelCase, as Codable names them in errors).
    private static let fastKeys = [
        "vmid", "name", "type", "node", "status", "template", "vcpus", "cpuPct", "cpuCores", "memoryUsedBytes", "memoryMaxBytes",
        "diskReadBps", "diskWriteBps", "netInBps", "netOutBps", "tags", "ha", "lock", "storages", "diskBytes", "passthrough",
        "bindMounts", "uptimeSeconds", "configKnown",
    ]

    /// The JSON key of each slot of `fastKeys`.
    private static let fastJSONKeys = fastKeys.map(JSONKey.snakeCase)

    /// By key length in bytes: the slots whose JSON key is that long.
    private static let slotsByLength: [[Int]] = {
        var slots = [[Int]](repeating: [], count: (fastJSONKeys.map(\.utf8.count).max() ?? 0) + 1)
        for (slot, key) in fastJSONKeys.enumerated() { slots[key.utf8.count].append(slot) }
        return slots
    }()

    /// The slot of a JSON key in `fastKeys`: compared only with the keys of its length.
    private static func fastSlot(_ key: String) -> Int? {
        let length = key.utf8.count
        guard length < slotsByLength.count else { return nil }
        for slot in slotsByLength[length] where fastJSONKeys[slot] == key { return slot }
        return nil
    }
}

/// Reads the members a hand-written decoder found, with the errors Codable's synthesized
/// `init(from:)` gives for the same members.
struct FieldReader {
    let found: [JSONNode?]
    let path: CodingPathNode
    let names: [String]

    func required<T: Decodable>(_ slot: Int) throws -> T {
        guard let node = found[slot] else {
            let key = IndexKey(stringValue: names[slot])
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: path.path, debugDescription: "No value associated with key \(key) (\"\(names[slot])\")."))
        }
        return try FastJSONDecoder.value(T.self, from: node, path: path.appending(IndexKey(stringValue: names[slot])))
    }

    func scalar<T: JSONScalar>(_ slot: Int) throws -> T {
        guard let node = found[slot] else { return try missing(slot) }
        return try FastJSONDecoder.scalarValue(T.self, from: node, path: path.appending(IndexKey(stringValue: names[slot])))
    }

    func optionalScalar<T: JSONScalar>(_ slot: Int) throws -> T? {
        guard let node = found[slot] else { return nil }
        if case .null = node { return nil }
        return try FastJSONDecoder.scalarValue(T.self, from: node, path: path.appending(IndexKey(stringValue: names[slot])))
    }

    /// A list of strings; anything else takes the generic way (and its errors).
    func strings(_ slot: Int) throws -> [String] {
        if case .array(let items)? = found[slot] {
            var strings: [String] = []
            strings.reserveCapacity(items.count)
            for item in items {
                guard case .string(let text) = item else { return try required(slot) }
                strings.append(text)
            }
            return strings
        }
        return try required(slot)
    }

    private func missing<T>(_ slot: Int) throws -> T {
        let key = IndexKey(stringValue: names[slot])
        throw DecodingError.keyNotFound(
            key, DecodingError.Context(codingPath: path.path, debugDescription: "No value associated with key \(key) (\"\(names[slot])\")."))
    }

    func optional<T: Decodable>(_ slot: Int) throws -> T? {
        guard let node = found[slot] else { return nil }
        if case .null = node { return nil }
        return try FastJSONDecoder.value(T.self, from: node, path: path.appending(IndexKey(stringValue: names[slot])))
    }
}
