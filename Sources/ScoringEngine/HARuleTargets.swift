public import Contract

/// Proxmox HA rules as the planner sees them. Node affinity: by guest index, the target nodes
/// allowed (strict rules always; non-strict rules hold a guest to its preferred nodes except
/// when its node is evacuated). Resource affinity becomes tag groups the planner already
/// honours: negative = `exclude_`, positive = `affinity_` (moves together).
struct HARuleTargets: Sendable {
    /// By guest index (HA-ruled guests only): allowed, by node index.
    private let allowed: [Int: [Bool]]
    private let rules: HARules?

    init(rules: HARules?, guests: [GuestState], nodes: [PlanningNode], nodeIndex: [String: Int]) {
        self.rules = rules
        guard let rules, !rules.nodeAffinity.isEmpty else {
            allowed = [:]
            return
        }
        let ruled = Set(rules.nodeAffinity.flatMap(\.vmids))
        var allowed: [Int: [Bool]] = [:]
        for (position, guest) in guests.enumerated() where ruled.contains(guest.vmid) {
            let evacuating = nodeIndex[guest.node].map { nodes[$0].maintenance } ?? false
            allowed[position] = nodes.map { node in
                rules.nodeAffinityViolation(moving: guest.vmid, to: node.name, strictOnly: evacuating) == nil
            }
        }
        self.allowed = allowed
    }

    /// Whether a rule keeps any of `members` (guest indexes) off node `target`.
    func forbids(_ members: [Int], target: Int) -> Bool {
        guard !allowed.isEmpty else { return false }
        return members.contains { allowed[$0].map { !$0[target] } ?? false }
    }

    /// Why a rule keeps `members` off `target`, in words.
    func reason(_ members: [Int], guests: [GuestState], target: String) -> String {
        let reasons = members.lazy.compactMap { self.rules?.nodeAffinityViolation(moving: guests[$0].vmid, to: target, strictOnly: false) }
        return reasons.first ?? "an HA rule keeps the guests off \(target)"
    }

    /// The tags standing for `vmid`'s resource affinity rules (`exclude_ha-<rule>`,
    /// `affinity_ha-<rule>`), added to its own.
    static func tags(_ rules: HARules?, vmid: Int) -> [String] {
        guard let rules, !rules.resourceAffinity.isEmpty else { return [] }
        return rules.resourceAffinity.filter { $0.vmids.contains(vmid) }.map { rule in
            rule.affinity == .negative ? "exclude_ha-\(rule.id)" : "affinity_ha-\(rule.id)"
        }
    }
}
