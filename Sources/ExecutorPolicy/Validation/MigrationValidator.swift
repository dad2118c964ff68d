public import Contract
public import ProxmoxAPI

/// The checks before every migration, manual or automated, over live facts. Every check is
/// listed in the report (passed or not) with a sentence, so an admin sees why a move was
/// allowed as well as why it was blocked.
public enum MigrationValidator {
    /// Runs every check of `request` against `facts`.
    public static func validate(_ request: MoveRequest, _ facts: LiveFacts, limits: ValidationLimits = ValidationLimits()) -> ValidationReport {
        var checks = [quorum(facts)]
        guard let guest = facts.guest(request.vmid), let node = guest.node else {
            checks.append(ValidationCheck("guest_exists", passed: false, "guest \(request.vmid) does not exist in the cluster"))
            return ValidationReport(checks: checks)
        }
        checks += guestChecks(request, guest: guest, node: node, facts)
        checks += targetChecks(request, facts)
        checks += preconditionChecks(label(guest, request.vmid), request, facts)
        checks.append(memory(label(guest, request.vmid), guest: guest, request, facts))
        checks += TagChecks.checks(label(guest, request.vmid), guest: guest, request, facts)
        checks.append(HAChecks.check(label(guest, request.vmid), request, facts))
        let freshness = PlanFreshness.check(request, facts, limits: limits)
        if let check = freshness.check { checks.append(check) }
        return ValidationReport(checks: checks, drift: freshness.drift)
    }

    private static func label(_ guest: PVEResource, _ vmid: Int) -> String {
        let type: GuestType = guest.guestKind == .lxc ? .lxc : .qemu
        return type.label(vmid: vmid, name: guest.name)
    }

    private static func quorum(_ facts: LiveFacts) -> ValidationCheck {
        ValidationCheck(
            "quorum", passed: facts.quorate,
            facts.quorate ? "the cluster is quorate" : "the cluster has no quorum; Proxmox refuses migrations without it")
    }

    private static func guestChecks(_ request: MoveRequest, guest: PVEResource, node: String, _ facts: LiveFacts) -> [ValidationCheck] {
        let name = label(guest, request.vmid)
        let lock = guest.lock
        return [
            ValidationCheck("guest_exists", passed: true, "\(name) exists (\(guest.status ?? "unknown status"))"),
            location(name, node: node, request),
            ValidationCheck("not_locked", passed: lock == nil, lock.map { "\(name) is locked (\($0)) by Proxmox" } ?? "\(name) is not locked"),
            activeMigration(name, request.vmid, facts),
        ]
    }

    private static func location(_ label: String, node: String, _ request: MoveRequest) -> ValidationCheck {
        if node == request.target {
            return ValidationCheck("guest_location", passed: false, "\(label) already runs on \(request.target)")
        }
        if let source = request.source, source != node {
            return ValidationCheck("guest_location", passed: false, "\(label) runs on \(node), not on \(source) as expected")
        }
        return ValidationCheck("guest_location", passed: true, "\(label) runs on \(node)")
    }

    private static func activeMigration(_ label: String, _ vmid: Int, _ facts: LiveFacts) -> ValidationCheck {
        if let task = facts.activeMigrationTasks.first(where: { $0.id == String(vmid) }) {
            return ValidationCheck(
                "no_active_migration", passed: false, "\(label) is already being migrated by task \(task.type ?? "?") (\(task.upid))")
        }
        if facts.journalActive.contains(vmid) {
            return ValidationCheck("no_active_migration", passed: false, "ProxBalance is already migrating \(label)")
        }
        return ValidationCheck("no_active_migration", passed: true, "no migration of \(label) is running")
    }

    private static func targetChecks(_ request: MoveRequest, _ facts: LiveFacts) -> [ValidationCheck] {
        guard let target = facts.node(request.target) else {
            return [ValidationCheck("target_online", passed: false, "\(request.target) is not a node of this cluster")]
        }
        let online = target.status == "online"
        return [
            ValidationCheck(
                "target_online", passed: online,
                online ? "\(request.target) is online" : "\(request.target) is \(target.status ?? "not online")"),
            ValidationCheck(
                "target_not_maintenance", passed: !facts.maintenance.contains(request.target),
                facts.maintenance.contains(request.target)
                    ? "\(request.target) is in maintenance and receives no guests" : "\(request.target) is not in maintenance"),
        ]
    }

    private static func preconditionChecks(_ label: String, _ request: MoveRequest, _ facts: LiveFacts) -> [ValidationCheck] {
        switch facts.preconditions {
        case .unsupported:
            return [
                ValidationCheck(
                    "storage", passed: true,
                    "this Proxmox version has no migrate precondition check for containers; storages are checked when the migration starts")
            ]
        case .failed(let text):
            return [ValidationCheck("storage", passed: false, "Proxmox refused the migrate precondition check: \(text)")]
        case .available(let answer):
            var checks: [ValidationCheck] = []
            if answer.isAllowed(request.target) {
                let disks = answer.localDisks.filter { !$0.isCDROM && !$0.isUnused }.count
                checks.append(
                    ValidationCheck(
                        "storage", passed: true,
                        "Proxmox allows \(request.target) as target" + (disks > 0 ? " (\(disks) local disk(s) move with the guest)" : "")))
            } else {
                let reasons = answer.notAllowed[request.target] ?? []
                let why = reasons.isEmpty ? "it is not among the allowed nodes" : reasons.joined(separator: "; ")
                checks.append(ValidationCheck("storage", passed: false, "Proxmox does not allow \(request.target) as target: \(why)"))
            }
            let running = answer.running
            let blocking = answer.localResources
            checks.append(
                ValidationCheck(
                    "local_resources", passed: blocking.isEmpty || !running,
                    blocking.isEmpty
                        ? "\(label) uses no local devices"
                        : "\(label) uses local devices (\(blocking.joined(separator: ", "))) that pin it to its node"))
            return checks
        }
    }

    private static func memory(
        _ label: String, guest: PVEResource, _ request: MoveRequest, _ facts: LiveFacts
    ) -> ValidationCheck {
        guard let target = facts.node(request.target), let capacity = target.maxmem, capacity > 0 else {
            return ValidationCheck("memory_fits", passed: false, "the memory of \(request.target) is unknown")
        }
        let committed = MemoryGate.committedBytes(
            facts.guests
                .filter { $0.node == request.target && $0.vmid != request.vmid }
                .map { (maxMemoryBytes: Int64($0.maxmem ?? 0), template: $0.template) })
        let size = Int64(guest.maxmem ?? 0)
        let after = MemoryGate.committedPercent(adding: size, to: committed, totalBytes: Int64(capacity)) ?? 0
        return ValidationCheck(
            "memory_fits", passed: MemoryGate.fits(size, committedBytes: committed, totalBytes: Int64(capacity)),
            "\(request.target) would commit \(Int(after.rounded())) % of its memory with \(label), stopped guests included "
                + "(limit \(Int(MemoryGate.usablePercent)) %)")
    }
}
