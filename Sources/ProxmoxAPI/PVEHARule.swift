import Foundation

/// One entry of `GET /cluster/ha/rules` (PVE 9): a `node-affinity` or `resource-affinity` rule.
public struct PVEHARule: Sendable, Hashable, Decodable {
    /// The rule's id.
    public var rule: String
    /// `node-affinity` or `resource-affinity` (other types are kept, and ignored by users).
    public var type: String
    /// HA resource ids, e.g. `vm:100`, `ct:101`.
    public var resources: [String]
    /// Node affinity: the nodes with their priority (higher preferred; 0 when not given).
    public var nodes: [PVEHANodePriority]
    /// Node affinity: keep the resources on `nodes` only (otherwise only prefer them).
    public var strict: Bool
    /// Resource affinity: `positive` (same node) or `negative` (separate nodes).
    public var affinity: String?
    /// A disabled rule is not enforced.
    public var disable: Bool
    public var comment: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        rule = try fields.required("rule")
        type = try fields.required("type")
        resources = PVEHARule.list(try fields.optional("resources", as: String.self))
        nodes = PVEHARule.list(try fields.optional("nodes", as: String.self)).map(PVEHANodePriority.init(parsing:))
        strict = try fields.optional("strict") ?? false
        affinity = try fields.optional("affinity")
        disable = try fields.optional("disable") ?? false
        comment = try fields.optional("comment")
    }

    /// A comma-separated Proxmox list (`vm:100,ct:101`), trimmed, empty items dropped.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// One entry of `GET /cluster/ha/groups` (PVE 8): the nodes its resources may run on.
public struct PVEHAGroup: Sendable, Hashable, Decodable {
    public var group: String
    /// The nodes with their priority (higher preferred; 0 when not given).
    public var nodes: [PVEHANodePriority]
    /// Resources run only on `nodes` (otherwise only prefer them).
    public var restricted: Bool
    public var nofailback: Bool
    public var comment: String?

    public init(from decoder: any Decoder) throws {
        let fields = try PVEFields(from: decoder)
        group = try fields.required("group")
        nodes = PVEHARule.list(try fields.optional("nodes", as: String.self)).map(PVEHANodePriority.init(parsing:))
        restricted = try fields.optional("restricted") ?? false
        nofailback = try fields.optional("nofailback") ?? false
        comment = try fields.optional("comment")
    }
}

/// A node of an HA rule or group with its priority: `pve1:2` (or `pve1`, priority 0).
public struct PVEHANodePriority: Sendable, Hashable {
    public var node: String
    public var priority: Int

    public init(node: String, priority: Int) {
        self.node = node
        self.priority = priority
    }

    /// `pve1:2` → pve1 with priority 2; `pve1` → priority 0.
    public init(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        node = parts.first.map(String.init) ?? text
        priority = parts.count > 1 ? Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0 : 0
    }
}
