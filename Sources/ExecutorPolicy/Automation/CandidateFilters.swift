import Contract
import Foundation

/// The per-guest rules of the automation, in the order they are applied. Each returns the
/// verdict that stops a move, or nil when the move passes.
enum CandidateFilters {
    /// The first rule `move` breaks. Maintenance evacuations only face `recently_moved`.
    static func blocker(for move: Recommendation, _ input: AutomationInput) -> CandidateVerdict? {
        if let verdict = recentlyMoved(move, input) { return verdict }
        if move.kind == .maintenanceEvacuation { return nil }
        let rules: [(Recommendation, AutomationInput) -> CandidateVerdict?] = [
            tagsAndKind, observing, cooldown, rollback, confidence,
        ]
        for rule in rules {
            if let verdict = rule(move, input) { return verdict }
        }
        return nil
    }

    /// The guest migrated after the plan's snapshot: the plan no longer describes where it is.
    static func recentlyMoved(_ move: Recommendation, _ input: AutomationInput) -> CandidateVerdict? {
        guard let plan = input.plan,
            let last = input.history.filter({ $0.vmid == move.vmid && $0.succeeded && $0.finishedAt > plan.snapshotAt })
                .max(by: { $0.finishedAt < $1.finishedAt })
        else { return nil }
        let zone = input.settings.timezone
        return CandidateVerdict(
            .skipped, .recentlyMoved,
            "\(move.label) migrated \(last.source) → \(last.target)\(last.outsideNote) at \(AutomationText.clock(last.finishedAt, zone: zone)), "
                + "after the plan's snapshot (\(AutomationText.clock(plan.snapshotAt, zone: zone))); the next plan judges it again")
    }

    static func tagsAndKind(_ move: Recommendation, _ input: AutomationInput) -> CandidateVerdict? {
        let tags = input.tags[move.vmid]
        if tags?.noAutoMigrate == true {
            return CandidateVerdict(.filtered, .noAutoMigrateTag, "\(move.label) carries the no-auto-migrate tag")
        }
        if input.settings.requireAutoMigrateOKTag, tags?.autoMigrateOK != true {
            return CandidateVerdict(.filtered, .notWhitelisted, "whitelist mode: \(move.label) lacks the auto-migrate-ok tag")
        }
        if move.kind == .distributionBalancing, !input.settings.includeDistributionBalancing {
            return CandidateVerdict(
                .filtered, .distributionExcluded,
                "\(move.label) would move for distribution balancing, which automation excludes (include_distribution_balancing is off)")
        }
        return nil
    }

    static func observing(_ move: Recommendation, _ input: AutomationInput) -> CandidateVerdict? {
        let seen = input.observations.streak(of: move.id)
        let needed = input.settings.observationPeriods
        guard seen < needed else { return nil }
        return CandidateVerdict(
            .observing, .observing, "\(move.label) \(move.source) → \(move.target) seen in \(seen) of \(needed) consecutive plans")
    }

    static func cooldown(_ move: Recommendation, _ input: AutomationInput) -> CandidateVerdict? {
        guard let cooldown = CooldownPolicy.active(vmid: move.vmid, history: input.history, settings: input.settings, now: input.now)
        else { return nil }
        let ago = AutomationText.duration(input.now.timeIntervalSince(cooldown.lastMove.finishedAt))
        let last = cooldown.lastMove
        let event =
            switch (last.origin, last.succeeded) {
            case (.outside, _): "\(move.label) was moved \(last.source) → \(last.target) outside ProxBalance \(ago) ago"
            case (.proxbalance, true): "\(move.label) was moved \(ago) ago"
            case (.proxbalance, false): "a migration of \(move.label) failed \(ago) ago"
            }
        let escalation = cooldown.escalated ? " (escalated: \(cooldown.recentMoves) moves in 7 days)" : ""
        return CandidateVerdict(
            .skipped, .cooldown,
            "\(event); its cooldown of \(cooldown.minutes) min\(escalation) ends at \(AutomationText.clock(cooldown.endsAt, zone: input.settings.timezone))"
        )
    }

    static func rollback(_ move: Recommendation, _ input: AutomationInput) -> CandidateVerdict? {
        guard input.settings.rollbackDetection,
            let undone = RollbackGuard.undoneMove(
                vmid: move.vmid, target: move.target, history: input.history, windowHours: input.settings.rollbackWindowHours,
                now: input.now)
        else { return nil }
        let ago = AutomationText.duration(input.now.timeIntervalSince(undone.finishedAt))
        return CandidateVerdict(
            .skipped, .rollback,
            "\(move.label) left \(undone.source) for \(undone.target)\(undone.outsideNote) \(ago) ago; moving it back within the "
                + "\(input.settings.rollbackWindowHours) h rollback window would undo that move")
    }

    /// The risk × confidence matrix (`ConfidenceBar`): nothing above risk 75, and below that
    /// the confidence bar of the move's risk band.
    static func confidence(_ move: Recommendation, _ input: AutomationInput) -> CandidateVerdict? {
        let settings = input.settings
        let bar = ConfidenceBar.forRisk(move.risk.score, minConfidence: settings.minConfidence, riskGate: settings.riskGate)
        guard !bar.passes(move.confidence) else { return nil }
        let risk = "risk \(AutomationText.number(move.risk.score)) (\(move.risk.level))"
        let confidence = AutomationText.number(move.confidence)
        guard let needed = bar.needed.map(AutomationText.number) else {
            return CandidateVerdict(
                .filtered, .riskGate, "\(move.label): \(risk) is above 75; a move that risky is never automated, only moved by hand")
        }
        let minimum = AutomationText.number(settings.minConfidence)
        switch bar.band {
        case .high where settings.riskGate:
            return CandidateVerdict(
                .filtered, .riskGate, "\(move.label): \(risk) is above 50, so confidence \(confidence) must reach \(needed)")
        case .low where settings.riskGate && needed != minimum:
            return CandidateVerdict(
                .filtered, .minConfidence,
                "\(move.label): confidence \(confidence) is below the \(needed) a low-risk move needs (\(risk))")
        default:
            return CandidateVerdict(
                .filtered, .minConfidence, "\(move.label): confidence \(confidence) is below the minimum of \(minimum)")
        }
    }
}
