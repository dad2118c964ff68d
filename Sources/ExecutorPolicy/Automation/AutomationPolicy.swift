public import Contract

/// The automation's decision for one run: which moves of the plan to carry out now and why
/// each other one waits. Pure: no I/O, no clock.
///
/// Run-level checks, in order: `enabled` (unless forced) → blackout → migration windows →
/// quorum → a plan → a usable plan → no other run executing → a free concurrent slot. The
/// budget is `max_migrations_per_run` (the run's moves go one after another, so
/// `max_concurrent` only asks for one free slot), 0 when every slot is taken. Then each move, in
/// `step` order and each guest once, meets the guest rules (see `CandidateFilters`), its
/// dependencies (steps it depends on must be selected in this run; the first half of a swap
/// runs only when its partner can follow in the same run) and the budget. When a run-level check fails after `enabled`, the guest rules are still
/// evaluated so an admin sees why each move would wait; moves that pass them are `deferred`
/// with the failed check's code.
public enum AutomationPolicy {
    public static func decide(_ input: AutomationInput) -> AutomationState {
        let settings = input.settings
        let schedule = ScheduleCheck.evaluate(settings, at: input.now)
        let checks = SafetyChecks(
            migrationWindow: schedule.check,
            quorum: SafetyCheck(ok: input.quorate, detail: input.quorate ? "the cluster is quorate" : "the cluster has no quorum"),
            runningMigrations: RunningMigrationsCheck(count: input.runningMigrations, maxConcurrent: settings.maxConcurrent))
        let gate = gate(input, schedule)
        let budget = input.runInProgress || input.runningMigrations >= settings.maxConcurrent ? 0 : settings.maxMigrationsPerRun
        let moves = uniqueGuests(input.plan?.recommendations ?? [])

        let verdicts: [CandidateVerdict]
        if gate?.status == .disabled {
            verdicts = moves.map { CandidateVerdict(.skipped, .disabled, "automation is disabled; \($0.label) is not considered") }
        } else {
            verdicts = walk(moves, input, gate: gate, budget: budget)
        }
        let candidates = zip(moves, verdicts).enumerated().map { index, pair in
            CandidateDecision(rank: index + 1, pair.0, action: pair.1.action, code: pair.1.code, reason: pair.1.reason)
        }
        let status = gate?.status ?? (budget == 0 ? .busy : candidates.contains { $0.action == .pending } ? .ready : .noAction)
        let mode: AutomationMode = status == .disabled ? .disabled : settings.dryRun ? .dryRun : .live
        var state = AutomationState(
            at: input.now, status: status, mode: mode, safetyChecks: checks, budget: budget,
            planGeneratedAt: input.plan?.generatedAt, candidates: candidates, summary: "")
        state.summary = AutomationSummary.sentence(for: state, plan: input.plan, busy: gate?.status == .busy ? gate?.detail : nil)
        return state
    }

    /// A failed run-level check: the run's status and what a move that passes its guest rules gets.
    struct Gate {
        var status: AutomationStatus
        var code: DecisionCode
        var detail: String
    }

    static func gate(_ input: AutomationInput, _ schedule: ScheduleVerdict) -> Gate? {
        if !input.settings.enabled && !input.forced { return Gate(status: .disabled, code: .disabled, detail: "automation is disabled") }
        switch schedule.outcome {
        case .blackout: return Gate(status: .blackout, code: .blackout, detail: schedule.check.detail)
        case .outsideWindow: return Gate(status: .outsideWindow, code: .outsideWindow, detail: schedule.check.detail)
        case .allowed: break
        }
        if !input.quorate { return Gate(status: .noQuorum, code: .noQuorum, detail: "the cluster has no quorum") }
        // Without a plan there are no candidates, so the code is never shown.
        guard let plan = input.plan else { return Gate(status: .noPlan, code: .stalePlan, detail: "no plan has arrived") }
        if plan.status == .stale || plan.status == .unavailable {
            return Gate(status: .stalePlan, code: .stalePlan, detail: "the plan is \(plan.status.rawValue)")
        }
        if input.runInProgress { return Gate(status: .busy, code: .budget, detail: "an automation run is still executing its moves") }
        return nil
    }

    /// The moves in `step` order, each guest once (its first move).
    static func uniqueGuests(_ moves: [Recommendation]) -> [Recommendation] {
        var seen = Set<Int>()
        return moves.sorted { $0.step < $1.step }.filter { seen.insert($0.vmid).inserted }
    }

    static func walk(_ moves: [Recommendation], _ input: AutomationInput, gate: Gate?, budget: Int) -> [CandidateVerdict] {
        let byStep = Dictionary(moves.map { ($0.step, $0) }, uniquingKeysWith: { first, _ in first })
        var chosen = Set<Int>()
        return moves.map { move in
            if let blocker = CandidateFilters.blocker(for: move, input) { return blocker }
            if let missing = move.dependsOn.first(where: { !chosen.contains($0) }) {
                let dependency = byStep[missing].map { " (\($0.label) \($0.source) → \($0.target))" } ?? ""
                return CandidateVerdict(
                    .deferred, .dependsOn, "\(move.label) waits for step \(missing)\(dependency), which does not run in this run")
            }
            if let partner = unmovableSwapPartner(of: move, in: moves, input, budget: gate == nil ? budget - chosen.count : nil) {
                return CandidateVerdict(
                    .deferred, .dependsOn,
                    "\(move.label) swaps places with \(partner), which cannot move in this run: a swap runs whole or not at all")
            }
            if let gate {
                chosen.insert(move.step)
                return CandidateVerdict(.deferred, gate.code, "\(move.label) passes every filter and waits: \(gate.detail)")
            }
            guard chosen.count < budget else {
                let why =
                    budget == 0
                    ? "\(AutomationText.count(input.runningMigrations, "migration")) already running (max concurrent \(input.settings.maxConcurrent))"
                    : "the run's budget of \(AutomationText.count(budget, "move")) is used up"
                return CandidateVerdict(.deferred, .budget, "\(move.label) passes every filter and waits: \(why)")
            }
            chosen.insert(move.step)
            return selected(move, input)
        }
    }

    /// For the first half of a swap (the move its partner depends on): why the partner cannot
    /// follow in this run — a guest rule stops it, or `budget` (moves left, nil under a run-level
    /// gate) has no room for both — as its label with the reason; nil when it can, or for any
    /// other move.
    static func unmovableSwapPartner(of move: Recommendation, in moves: [Recommendation], _ input: AutomationInput, budget: Int?) -> String? {
        guard let vmid = move.swapPartner else { return nil }
        guard let partner = moves.first(where: { $0.vmid == vmid }) else { return "guest \(vmid) (not in the plan)" }
        guard partner.dependsOn.contains(move.step) else { return nil }
        if let blocker = CandidateFilters.blocker(for: partner, input) { return "\(partner.label) (\(blocker.reason))" }
        if let budget, budget == 1 { return "\(partner.label) (the run's budget has no room for both moves)" }
        return nil
    }

    static func selected(_ move: Recommendation, _ input: AutomationInput) -> CandidateVerdict {
        let verb = input.settings.dryRun ? "would move" : "moves"
        let route = "\(move.label) \(verb) \(move.source) → \(move.target)"
        if move.kind == .maintenanceEvacuation {
            return CandidateVerdict(
                .pending, .maintenanceBypass,
                "\(route) to evacuate maintenance node \(move.source); tag, observation, cooldown, rollback, confidence and risk rules do not apply")
        }
        return CandidateVerdict(
            .pending, .selected,
            "\(route): confidence \(AutomationText.number(move.confidence)), risk \(AutomationText.number(move.risk.score)) "
                + "(\(move.risk.level)), seen in \(input.observations.streak(of: move.id)) consecutive plans")
    }
}
