import Contract
import ProxmoxAPI

/// The tag rules checked before a move: `exclude_<group>` anti-affinity on the target and
/// `affinity_<group>` companions on the source.
enum TagChecks {
    static func checks(_ label: String, guest: PVEResource, _ request: MoveRequest, _ facts: LiveFacts) -> [ValidationCheck] {
        let tags = GuestTags(guest.tags)
        return [antiAffinity(label, tags: tags, request, facts), affinity(label, guest: guest, tags: tags, request, facts)]
    }

    private static func antiAffinity(_ label: String, tags: GuestTags, _ request: MoveRequest, _ facts: LiveFacts) -> ValidationCheck {
        let groups = Set(tags.antiAffinity)
        guard !groups.isEmpty else { return ValidationCheck("anti_affinity", passed: true, "\(label) has no exclude_ tag") }
        let clash = facts.guests.first { other in
            other.node == request.target && other.vmid != request.vmid && Placement.occupies(template: other.template)
                && !groups.isDisjoint(with: GuestTags(other.tags).antiAffinity)
        }
        if let clash, let vmid = clash.vmid {
            let shared = groups.intersection(GuestTags(clash.tags).antiAffinity).sorted().joined(separator: ", ")
            return ValidationCheck(
                "anti_affinity", passed: false, "\(request.target) already hosts guest \(vmid) (\(clash.name ?? "?")), which shares \(shared)")
        }
        return ValidationCheck(
            "anti_affinity", passed: true, "no guest on \(request.target) shares \(groups.sorted().joined(separator: ", "))")
    }

    private static func affinity(
        _ label: String, guest: PVEResource, tags: GuestTags, _ request: MoveRequest, _ facts: LiveFacts
    ) -> ValidationCheck {
        guard let group = tags.affinity else { return ValidationCheck("affinity", passed: true, "\(label) has no affinity_ tag") }
        let companions = facts.guests.filter { other in
            other.node == guest.node && other.vmid != request.vmid && other.isRunning
                && GuestTags(other.tags).affinity == group
        }
        if companions.isEmpty || request.recommendation?.affinityGroup == group || request.origin == .evacuation {
            return ValidationCheck("affinity", passed: true, "\(label)'s \(group) companions move with it or are elsewhere")
        }
        let ids = companions.compactMap(\.vmid).map(String.init).joined(separator: ", ")
        return ValidationCheck(
            "affinity", passed: false,
            "\(label) runs with its \(group) companions (\(ids)) on \(guest.node ?? "?"); move them together (the plan does)")
    }
}
