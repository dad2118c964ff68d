import Contract
import ExecutorPolicy
import ExecutorSvc
import Foundation
import Testing

/// The validation checks over live facts (pure).
@Suite("Validation: checks over live facts")
struct ValidatorTests {
    typealias F = LiveFactsFixture

    static func move(_ vmid: Int = 101, to target: String = "pve2", origin: MigrationOrigin = .manual) -> MoveRequest {
        MoveRequest(vmid: vmid, source: "pve1", target: target, origin: origin)
    }

    @Test("a clean move passes and lists every check it made")
    func passes() {
        let report = MigrationValidator.validate(Self.move(), F.facts(guests: [F.guest(101, on: "pve1")]))
        #expect(report.passed)
        #expect(
            report.checks.map(\.name) == [
                "quorum", "guest_exists", "guest_location", "not_locked", "no_active_migration", "target_online",
                "target_not_maintenance", "storage", "local_resources", "memory_fits", "anti_affinity", "affinity", "ha_rules",
            ])
    }

    @Test("memory: every guest placed on the target, running or stopped, plus the guest must stay within 95 % of its RAM")
    func memory() {
        let crowded = [F.guest(101, on: "pve1", maxGiB: 4), F.guest(201, on: "pve2", maxGiB: 32), F.guest(202, on: "pve2", maxGiB: 26)]
        let full = MigrationValidator.validate(Self.move(), F.facts(guests: crowded))
        #expect(full.firstFailure?.name == "memory_fits")
        #expect(full.firstFailure?.detail.contains("97 %") == true)

        // A stopped guest can be started at any time: it still holds its memory.
        let stopped = [
            F.guest(101, on: "pve1", maxGiB: 4), F.guest(201, on: "pve2", maxGiB: 32),
            F.guest(202, on: "pve2", status: "stopped", maxGiB: 26),
        ]
        #expect(MigrationValidator.validate(Self.move(), F.facts(guests: stopped)).firstFailure?.name == "memory_fits")

        // A template never runs.
        let roomy = [
            F.guest(101, on: "pve1", maxGiB: 4), F.guest(201, on: "pve2", maxGiB: 32),
            F.guest(202, on: "pve2", status: "stopped", maxGiB: 26, template: true),
        ]
        #expect(MigrationValidator.validate(Self.move(), F.facts(guests: roomy)).passed)
    }

    @Test("Proxmox HA rules: a strict rule's nodes and negative affinity refuse the target; no rules, no objection")
    func haRules() {
        var facts = F.facts(guests: [F.guest(101, on: "pve1"), F.guest(102, on: "pve2")])
        facts.haRules = HARules(nodeAffinity: [
            HANodeAffinityRule(id: "keep", source: "rule", vmids: [101], nodes: [HANodePriority(node: "pve1", priority: 1)], strict: true)
        ])
        let strict = MigrationValidator.validate(Self.move(), facts)
        #expect(strict.firstFailure?.name == "ha_rules")
        #expect(strict.firstFailure?.detail == "HA rule keep keeps guest 101 on pve1")

        facts.haRules = HARules(resourceAffinity: [HAResourceAffinityRule(id: "apart", affinity: .negative, vmids: [101, 102])])
        #expect(
            MigrationValidator.validate(Self.move(), facts).firstFailure?.detail
                == "HA rule apart keeps guest 101 apart from guest 102, which runs on pve2")

        facts.haRules = HARules(nodeAffinity: [
            HANodeAffinityRule(id: "soft", source: "group", vmids: [101], nodes: [HANodePriority(node: "pve1", priority: 1)], strict: false)
        ])
        #expect(MigrationValidator.validate(Self.move(), facts).passed)
    }

    @Test("Proxmox's precondition answer blocks a target it does not allow, with its reasons")
    func preconditions() {
        let facts = F.facts(guests: [F.guest(101, on: "pve1")], preconditions: F.preconditions(allowed: [], blocked: ["pve2"]))
        let report = MigrationValidator.validate(Self.move(), facts)
        #expect(report.firstFailure?.name == "storage")
        #expect(report.firstFailure?.detail.contains("local-lvm") == true)

        let failed = F.facts(guests: [F.guest(101, on: "pve1")], preconditions: .failed("VM is locked (backup)"))
        #expect(MigrationValidator.validate(Self.move(), failed).firstFailure?.detail.contains("VM is locked (backup)") == true)
    }

    @Test("a locked guest and a guest a task is migrating are blocked")
    func lockedAndBusy() {
        let locked = MigrationValidator.validate(Self.move(), F.facts(guests: [F.guest(101, on: "pve1", lock: "backup")]))
        #expect(locked.firstFailure?.name == "not_locked")
        #expect(locked.firstFailure?.detail.contains("backup") == true)

        var facts = F.facts(guests: [F.guest(101, on: "pve1")])
        facts.journalActive = [101]
        #expect(MigrationValidator.validate(Self.move(), facts).firstFailure?.name == "no_active_migration")
    }

    @Test("affinity companions keep a manual move; an evacuation takes the guest anyway")
    func affinity() {
        let guests = [F.guest(101, on: "pve1", tags: "affinity_web"), F.guest(102, on: "pve1", tags: "affinity_web")]
        let manual = MigrationValidator.validate(Self.move(), F.facts(guests: guests))
        #expect(manual.firstFailure?.name == "affinity")
        #expect(manual.firstFailure?.detail.contains("102") == true)
        #expect(MigrationValidator.validate(Self.move(origin: .evacuation), F.facts(guests: guests)).passed)
    }

    @Test("anti-affinity: a target hosting a guest with the same exclude_ tag is refused, stopped guests included")
    func antiAffinity() {
        let guests = [F.guest(101, on: "pve1", tags: "exclude_db;prod"), F.guest(201, on: "pve2", status: "stopped", tags: "exclude_db")]
        let report = MigrationValidator.validate(Self.move(), F.facts(guests: guests))
        #expect(report.firstFailure?.name == "anti_affinity")
        #expect(report.firstFailure?.detail.contains("201") == true)
    }

    @Test("an offline or maintenance target and a missing quorum each block")
    func targetAndQuorum() {
        let guests = [F.guest(101, on: "pve1")]
        let offline = F.facts(guests: guests, nodes: [F.node("pve1"), F.node("pve2", status: "offline")])
        #expect(MigrationValidator.validate(Self.move(), offline).firstFailure?.name == "target_online")
        #expect(
            MigrationValidator.validate(Self.move(), F.facts(guests: guests, maintenance: ["pve2"])).firstFailure?.name == "target_not_maintenance")
        #expect(MigrationValidator.validate(Self.move(), F.facts(guests: guests, quorate: false)).firstFailure?.name == "quorum")
    }

    @Test("plan_fresh: a relief move needs a target still cooler than its source; a rule repair does not")
    func repairNeedsNoCoolerTarget() {
        let facts = F.facts(guests: [F.guest(101, on: "pve1")], nodes: [F.node("pve1", cpu: 0.2), F.node("pve2", cpu: 0.4)])
        func request(_ kind: MoveKind) -> MoveRequest {
            MoveRequest(
                vmid: 101, source: "pve1", target: "pve2", origin: .automation,
                recommendation: AutomationFixtures.move(101, kind: kind), planGeneratedAt: F.now.addingTimeInterval(-60))
        }
        let relief = MigrationValidator.validate(request(.overloadRelief), facts)
        #expect(relief.firstFailure?.name == "plan_fresh")
        #expect(relief.firstFailure?.detail.contains("no longer relieve") == true)
        let repair = MigrationValidator.validate(request(.ruleRepair), facts)
        #expect(repair.passed, "\(repair.firstFailure?.detail ?? "")")
    }
}
