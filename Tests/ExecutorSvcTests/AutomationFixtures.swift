import Contract
import ExecutorPolicy
import ExecutorSvc
import Foundation

/// Plans, moves, history and inputs for the automation policy tests.
enum AutomationFixtures {
    /// Monday 2026-11-30 10:30 UTC.
    static let now = utc("2026-11-30T10:30:00Z")

    static func utc(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("bad date \(text)") }
        return date
    }

    static func breakdown(_ node: String) -> ScoreBreakdown {
        ScoreBreakdown(
            node: node, total: 40, suitability: 60, cpuPct: 50, memoryPct: 50, iowaitPct: 1, health: 40, predictedHealth: 40,
            headroom: 50, penalties: [], penaltyTotal: 0, cpuStabilityFactor: 1, memoryScale: 1)
    }

    /// A move of `vmid` (named `vm<vmid>`), confident and low-risk unless told otherwise.
    static func move(
        _ vmid: Int, _ source: String = "pve1", _ target: String = "pve2", step: Int? = nil, dependsOn: [Int] = [],
        kind: MoveKind = .overloadRelief, confidence: Double = 90, risk: Double = 20, type: GuestType = .qemu
    ) -> Recommendation {
        Recommendation(
            id: "\(vmid):\(source):\(target)", step: step ?? vmid, dependsOn: dependsOn, vmid: vmid, name: "vm\(vmid)", type: type,
            source: source, target: target, kind: kind, urgency: .medium, scoreImprovement: 20, balanceGain: 10,
            reason: MigrationReason(primaryReason: "cpu_overload", primaryLabel: "High CPU", contributingFactors: [], summary: "test"),
            confidence: confidence,
            confidenceFactors: ConfidenceFactors(improvement: 80, targetHeadroom: 80, complexity: 80, targetStability: 80, history: 65),
            risk: MigrationRisk(
                score: risk, level: risk > 75 ? "very_high" : risk > 50 ? "high" : risk > 25 ? "moderate" : "low", factors: [:], notes: []),
            sourceBefore: breakdown(source), sourceAfter: breakdown(source), targetBefore: breakdown(target),
            targetAfter: breakdown(target), mode: .online, command: "qm migrate \(vmid) \(target) --online", affinityGroup: nil,
            memoryMaxBytes: 1 << 30, cpuCores: 2, storages: ["local-lvm"], haManaged: false)
    }

    static func plan(
        _ moves: [Recommendation], status: PlanStatus? = nil, at generatedAt: Date = now.addingTimeInterval(-60),
        snapshotAt: Date? = nil
    ) -> RecommendationSet {
        RecommendationSet(
            cluster: "lab", generatedAt: generatedAt, snapshotAt: snapshotAt ?? generatedAt.addingTimeInterval(-30), snapshotCycle: 7,
            status: status ?? (moves.isEmpty ? .balanced : .recommendations), message: moves.isEmpty ? "Cluster is balanced" : "\(moves.count) moves",
            recommendations: moves,
            skipped: [],
            summary: PlanSummary(
                clusterHealthBefore: 60, clusterHealthAfter: 70, urgency: .medium, balanced: moves.isEmpty, nodes: [],
                cpuSpreadBefore: 30, cpuSpreadAfter: 10, memorySpreadBefore: 20, memorySpreadAfter: 10, spreadReductionPct: 60,
                maxCpuPctBefore: 85, maxCpuPctAfter: 60, maxMemoryPctBefore: 70, maxMemoryPctAfter: 60, guestsConsidered: 10,
                moves: moves.count, guestsMovedPct: 10, conflicts: [], executionOrder: [], parallelGroups: [], advisories: []))
    }

    /// A ledger that has seen `plan` (and its moves) in `times` consecutive plans.
    static func observed(_ plan: RecommendationSet, times: Int = 3) -> ObservationLedger {
        var ledger = ObservationLedger()
        for index in stride(from: times - 1, through: 0, by: -1) {
            var earlier = plan
            earlier.generatedAt = plan.generatedAt.addingTimeInterval(TimeInterval(-300 * index))
            ledger.record(earlier)
        }
        return ledger
    }

    /// Enabled, live settings that let a confident move through.
    static func settings(_ change: (inout AutomationSettings) -> Void = { _ in }) -> AutomationSettings {
        var settings = AutomationSettings()
        settings.enabled = true
        settings.dryRun = false
        settings.maxConcurrent = 3
        change(&settings)
        return settings
    }

    /// An input with the plan already observed three times, a quorate cluster and nothing running.
    static func input(
        _ moves: [Recommendation], settings: AutomationSettings = settings(), history: [PastMigration] = [],
        tags: [Int: GuestTags] = [:], quorate: Bool = true, running: Int = 0, now: Date = now, forced: Bool = false,
        observedTimes: Int = 3
    ) -> AutomationInput {
        let plan = plan(moves)
        return AutomationInput(
            settings: settings, plan: plan, observations: observed(plan, times: observedTimes), history: history, tags: tags,
            quorate: quorate, runningMigrations: running, now: now, forced: forced)
    }

    static func past(
        _ vmid: Int, _ source: String, _ target: String, minutesAgo: Double, succeeded: Bool = true,
        origin: PastMigration.Origin = .proxbalance(.automation),
        now: Date = now
    ) -> PastMigration {
        PastMigration(
            vmid: vmid, source: source, target: target, finishedAt: now.addingTimeInterval(-minutesAgo * 60), succeeded: succeeded,
            origin: origin)
    }
}

extension AutomationState {
    /// The decision about `vmid`.
    func candidate(_ vmid: Int) -> CandidateDecision? { candidates.first { $0.vmid == vmid } }
}
