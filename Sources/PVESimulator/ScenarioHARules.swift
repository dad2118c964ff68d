/// A PVE 9 HA rule of a scenario, as `/cluster/ha/rules` lists it (Proxmox's own spelling:
/// `resources` `vm:100,ct:101`, `nodes` `pve1:2,pve2`).
public struct ScenarioHARule: Codable, Sendable, Equatable {
    public var rule: String
    /// `node-affinity` or `resource-affinity`.
    public var type: String
    public var resources: String
    /// Node affinity: nodes with optional priorities.
    public var nodes: String?
    /// Node affinity: keep the resources on `nodes` only.
    public var strict: Bool
    /// Resource affinity: `positive` or `negative`.
    public var affinity: String?
    public var disable: Bool

    public init(
        rule: String, type: String, resources: String, nodes: String? = nil, strict: Bool = false, affinity: String? = nil,
        disable: Bool = false
    ) {
        self.rule = rule
        self.type = type
        self.resources = resources
        self.nodes = nodes
        self.strict = strict
        self.affinity = affinity
        self.disable = disable
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        rule = try c.required("rule")
        type = try c.required("type")
        resources = try c.value("resources", default: "")
        nodes = try c.optional("nodes")
        strict = try c.flag("strict", default: false)
        affinity = try c.optional("affinity")
        disable = try c.flag("disable", default: false)
    }
}

/// A PVE 8 HA group of a scenario, as `/cluster/ha/groups` lists it; guests join it with their
/// `ha.group`.
public struct ScenarioHAGroup: Codable, Sendable, Equatable {
    public var group: String
    /// Nodes with optional priorities (`pve1:2,pve2`).
    public var nodes: String
    public var restricted: Bool
    public var nofailback: Bool

    public init(group: String, nodes: String, restricted: Bool = false, nofailback: Bool = false) {
        self.group = group
        self.nodes = nodes
        self.restricted = restricted
        self.nofailback = nofailback
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        group = try c.required("group")
        nodes = try c.value("nodes", default: "")
        restricted = try c.flag("restricted", default: false)
        nofailback = try c.flag("nofailback", default: false)
    }
}
