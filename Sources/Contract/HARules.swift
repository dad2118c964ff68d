/// Proxmox HA placement rules in a `ClusterSnapshot` (`ha_rules`): PVE 9's node and resource
/// affinity rules, or PVE 8's HA groups read as node affinity rules. Disabled rules are left out.
public struct HARules: Codable, Sendable, Equatable {
    public var nodeAffinity: [HANodeAffinityRule]
    public var resourceAffinity: [HAResourceAffinityRule]

    public init(nodeAffinity: [HANodeAffinityRule] = [], resourceAffinity: [HAResourceAffinityRule] = []) {
        self.nodeAffinity = nodeAffinity
        self.resourceAffinity = resourceAffinity
    }
}

/// Where HA keeps some guests: on `nodes` only (`strict`) or preferably there.
public struct HANodeAffinityRule: Codable, Sendable, Equatable {
    /// The rule id (PVE 9), or the HA group name (PVE 8).
    public var id: String
    /// `rule` (PVE 9 `/cluster/ha/rules`) or `group` (PVE 8 `/cluster/ha/groups`).
    public var source: String
    /// The guests the rule applies to.
    public var vmids: [Int]
    /// The allowed or preferred nodes with their priority (higher preferred).
    public var nodes: [HANodePriority]
    /// `true`: the guests may run on `nodes` only; `false`: they prefer them.
    public var strict: Bool

    public init(id: String, source: String, vmids: [Int], nodes: [HANodePriority], strict: Bool) {
        self.id = id
        self.source = source
        self.vmids = vmids
        self.nodes = nodes
        self.strict = strict
    }

    /// The nodes of the highest priority, where HA places the guests first.
    public var preferredNodes: Set<String> {
        guard let top = nodes.map(\.priority).max() else { return [] }
        return Set(nodes.filter { $0.priority == top }.map(\.node))
    }
}

/// A node of a node affinity rule with its priority.
public struct HANodePriority: Codable, Sendable, Equatable {
    public var node: String
    public var priority: Int

    public init(node: String, priority: Int) {
        self.node = node
        self.priority = priority
    }
}

/// Guests HA keeps together (`positive`) or apart (`negative`).
public struct HAResourceAffinityRule: Codable, Sendable, Equatable {
    public var id: String
    public var affinity: HAAffinity
    public var vmids: [Int]

    public init(id: String, affinity: HAAffinity, vmids: [Int]) {
        self.id = id
        self.affinity = affinity
        self.vmids = vmids
    }
}

/// `positive`: on the same node; `negative`: on separate nodes.
public enum HAAffinity: String, Codable, Sendable, CaseIterable, KnownValues {
    case positive, negative
}

extension HARules {
    /// Why moving `vmid` to `target` breaks a hard HA rule, given where the other guests run
    /// (`nodeOf`); `nil` when the move is allowed. Hard rules: a strict node affinity rule's
    /// nodes, and negative resource affinity (no two members on one node). The one
    /// implementation the planner and the executor's validation both use.
    public func violation(moving vmid: Int, to target: String, nodeOf: (Int) -> String?) -> String? {
        nodeAffinityViolation(moving: vmid, to: target, strictOnly: true) ?? separationViolation(moving: vmid, to: target, nodeOf: nodeOf)
    }

    /// Why `target` is outside the nodes a node affinity rule allows `vmid`: strict rules always;
    /// with `strictOnly` off, non-strict rules too (they are held to their preferred nodes,
    /// where Proxmox HA would move the guest back to).
    public func nodeAffinityViolation(moving vmid: Int, to target: String, strictOnly: Bool) -> String? {
        for rule in nodeAffinity where rule.vmids.contains(vmid) && (rule.strict || !strictOnly) {
            let allowed = rule.strict ? Set(rule.nodes.map(\.node)) : rule.preferredNodes
            if !allowed.contains(target) {
                return "HA rule \(rule.id) \(rule.strict ? "keeps" : "prefers") guest \(vmid) on \(allowed.sorted().joined(separator: ", "))"
            }
        }
        return nil
    }

    /// Why `target` already runs a guest that a negative resource affinity rule keeps apart
    /// from `vmid`.
    public func separationViolation(moving vmid: Int, to target: String, nodeOf: (Int) -> String?) -> String? {
        for rule in resourceAffinity where rule.affinity == .negative && rule.vmids.contains(vmid) {
            if let other = rule.vmids.first(where: { $0 != vmid && nodeOf($0) == target }) {
                return "HA rule \(rule.id) keeps guest \(vmid) apart from guest \(other), which runs on \(target)"
            }
        }
        return nil
    }

    /// The nodes non-strict node affinity rules prefer for `vmid` (empty: no preference).
    public func preferredNodes(of vmid: Int) -> Set<String> {
        nodeAffinity.filter { !$0.strict && $0.vmids.contains(vmid) }.reduce(into: Set<String>()) { $0.formUnion($1.preferredNodes) }
    }

    /// The positive resource affinity rules `vmid` belongs to (its members move together).
    public func companions(of vmid: Int) -> [HAResourceAffinityRule] {
        resourceAffinity.filter { $0.affinity == .positive && $0.vmids.contains(vmid) }
    }

    /// The negative resource affinity rules `vmid` belongs to.
    public func separations(of vmid: Int) -> [HAResourceAffinityRule] {
        resourceAffinity.filter { $0.affinity == .negative && $0.vmids.contains(vmid) }
    }

    /// Whether no rule is set.
    public var isEmpty: Bool { nodeAffinity.isEmpty && resourceAffinity.isEmpty }
}
