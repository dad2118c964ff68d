import Contract
import ProxmoxAPI

/// Proxmox HA placement rules checked before a move: a strict node affinity rule's nodes and
/// negative resource affinity (`HARules.violation`, the rule the planner follows too).
enum HAChecks {
    static func check(_ label: String, _ request: MoveRequest, _ facts: LiveFacts) -> ValidationCheck {
        guard let rules = facts.haRules, !rules.isEmpty else {
            return ValidationCheck("ha_rules", passed: true, "\(label) is under no HA placement rule")
        }
        let nodes = Dictionary(facts.guests.compactMap { guest in guest.vmid.map { ($0, guest.node) } }, uniquingKeysWith: { first, _ in first })
        if let violation = rules.violation(moving: request.vmid, to: request.target, nodeOf: { nodes[$0] ?? nil }) {
            return ValidationCheck("ha_rules", passed: false, violation)
        }
        return ValidationCheck("ha_rules", passed: true, "\(request.target) is allowed by the HA rules of \(label)")
    }
}
