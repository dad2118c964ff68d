public import Contract

extension HARules {
    /// Enabled `node-affinity` and `resource-affinity` rules of `GET /cluster/ha/rules` (PVE 9);
    /// other rule types are left out.
    public init(pveRules rules: [PVEHARule]) {
        self.init()
        for rule in rules.sorted(by: { $0.rule < $1.rule }) where !rule.disable {
            let vmids = rule.resources.compactMap(PVEHAResource.vmid(sid:)).sorted()
            switch rule.type {
            case "node-affinity":
                nodeAffinity.append(
                    HANodeAffinityRule(id: rule.rule, source: "rule", vmids: vmids, nodes: rule.nodes.map(\.contract), strict: rule.strict))
            case "resource-affinity":
                guard let affinity = rule.affinity.flatMap(HAAffinity.init(rawValue:)) else { continue }
                resourceAffinity.append(HAResourceAffinityRule(id: rule.rule, affinity: affinity, vmids: vmids))
            default: continue
            }
        }
    }

    /// Each HA group of `GET /cluster/ha/groups` (PVE 8) with members (the `group` of
    /// `/cluster/ha/resources`) as a node affinity rule, `restricted` as `strict` (as PVE 9
    /// migrates them).
    public init(pveGroups groups: [PVEHAGroup], resources: [PVEHAResource]) {
        let nodeAffinity = groups.sorted { $0.group < $1.group }.compactMap { group -> HANodeAffinityRule? in
            let vmids = resources.filter { $0.group == group.group }.compactMap(\.vmid).sorted()
            guard !vmids.isEmpty else { return nil }
            return HANodeAffinityRule(id: group.group, source: "group", vmids: vmids, nodes: group.nodes.map(\.contract), strict: group.restricted)
        }
        self.init(nodeAffinity: nodeAffinity)
    }
}

extension PVEHANodePriority {
    /// The node and priority as the contract spells them.
    public var contract: HANodePriority { HANodePriority(node: node, priority: priority) }
}
