import Contract

/// The one sentence that sums up a run, e.g. "Dry run: 2 of 5 candidates would move now
/// (budget 3); 2 are still being observed, 1 is in cooldown."
enum AutomationSummary {
    /// - Parameter busy: why a `busy` run waits, when not for running migrations.
    static func sentence(for state: AutomationState, plan: RecommendationSet?, busy: String? = nil) -> String {
        let total = state.candidates.count
        let waiting = "\(AutomationText.count(total, "candidate")) \(total == 1 ? "waits" : "wait")"
        switch state.status {
        case .disabled:
            return total == 0 ? "Automation is disabled." : "Automation is disabled; \(AutomationText.count(total, "candidate")) not considered."
        case .outsideWindow, .blackout, .noQuorum:
            let detail = state.status == .noQuorum ? state.safetyChecks.quorum.detail : state.safetyChecks.migrationWindow.detail
            return "No move now: \(detail); \(waiting)."
        case .noPlan:
            return "No move: no plan has arrived from the scoring service."
        case .stalePlan:
            return "No move: the plan is \(plan?.status.rawValue ?? "stale") (\(plan?.message ?? "no message"))."
        case .busy:
            if let busy { return "No new move: \(busy); \(waiting)." }
            let running = state.safetyChecks.runningMigrations
            return
                "No move now: \(AutomationText.count(running.count, "migration")) already running (max concurrent \(running.maxConcurrent)); \(waiting)."
        case .ready, .noAction, .success, .partial, .failed:
            if total == 0 { return "Nothing to move: the plan has no moves (\(plan?.status.rawValue ?? "empty"))." }
            let moving = state.candidates.filter { $0.code == .selected || $0.code == .maintenanceBypass }.count
            let dry = state.mode == .dryRun
            let candidates = AutomationText.count(total, "candidate")
            let head =
                moving == 0
                ? "\(dry ? "Dry run: none" : "None") of \(candidates) \(dry ? "would move" : "moves") now (budget \(state.budget))"
                : "\(dry ? "Dry run: " : "")\(moving) of \(candidates) \(dry ? "would move" : "move") now (budget \(state.budget))"
            let rest = breakdown(state.candidates)
            return rest.isEmpty ? head + "." : "\(head); \(rest.joined(separator: ", "))."
        }
    }

    /// "2 are still being observed", "1 is in cooldown", … for the candidates that do not move.
    static func breakdown(_ candidates: [CandidateDecision]) -> [String] {
        let phrases: [(codes: Set<DecisionCode>, one: String, many: String)] = [
            ([.observing], "is still being observed", "are still being observed"),
            ([.cooldown], "is in cooldown", "are in cooldown"),
            ([.rollback], "would undo a recent move", "would undo recent moves"),
            ([.recentlyMoved], "moved after the plan was made", "moved after the plan was made"),
            ([.noAutoMigrateTag, .notWhitelisted, .distributionExcluded], "is excluded by tags or settings", "are excluded by tags or settings"),
            ([.minConfidence], "lacks confidence", "lack confidence"),
            ([.riskGate], "is too risky for its confidence", "are too risky for their confidence"),
            ([.dependsOn], "waits for a move it depends on", "wait for moves they depend on"),
            ([.budget], "waits for budget", "wait for budget"),
        ]
        return phrases.compactMap { phrase in
            let count = candidates.filter { phrase.codes.contains($0.code) }.count
            return count == 0 ? nil : "\(count) \(count == 1 ? phrase.one : phrase.many)"
        }
    }
}
