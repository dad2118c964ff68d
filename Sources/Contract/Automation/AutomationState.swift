import Foundation

/// The outcome of one automation run, published retained on `{b}/automation/state`: what was
/// checked, what the policy chose and why every other candidate waits.
public struct AutomationState: Codable, Sendable, Equatable {
    public var v: Int = 1
    public var at: Date
    public var status: AutomationStatus
    public var mode: AutomationMode
    public var safetyChecks: SafetyChecks
    /// How many moves this run may start, one after another: `max_migrations_per_run`, or 0
    /// when every concurrent slot is taken or another run executes.
    public var budget: Int
    /// `generated_at` of the plan the run judged; absent when there was none.
    public var planGeneratedAt: Date?
    /// Every move of the plan, in plan order, each once.
    public var candidates: [CandidateDecision]
    /// One sentence for a human: "Dry run: 2 of 5 candidates would move now (budget 3); …".
    public var summary: String

    public init(
        at: Date, status: AutomationStatus, mode: AutomationMode, safetyChecks: SafetyChecks, budget: Int,
        planGeneratedAt: Date?, candidates: [CandidateDecision], summary: String
    ) {
        self.at = at
        self.status = status
        self.mode = mode
        self.safetyChecks = safetyChecks
        self.budget = budget
        self.planGeneratedAt = planGeneratedAt
        self.candidates = candidates
        self.summary = summary
    }

    /// The candidates the policy selected to run now (`pending`), in order.
    public var selected: [CandidateDecision] { candidates.filter { $0.action == .pending } }

    /// Records what happened to one candidate (see `CandidateDecision.mark`). Returns false when
    /// no candidate has that recommendation id.
    @discardableResult
    public mutating func mark(
        _ recommendationId: String, _ action: CandidateAction, migrationId: String? = nil, reason: String? = nil
    ) -> Bool {
        guard let index = candidates.firstIndex(where: { $0.recommendationId == recommendationId }) else { return false }
        candidates[index].mark(action, migrationId: migrationId, reason: reason)
        return true
    }

    /// Turns a `ready` run into `success` (every selected move executed or dry-run), `failed`
    /// (none did) or `partial` once the executor has marked the outcomes; other statuses stay.
    public mutating func conclude() {
        guard status == .ready else { return }
        let attempted = candidates.filter { $0.code == .selected || $0.code == .maintenanceBypass }
        let done = attempted.filter { $0.action == .executed || $0.action == .dryRun }.count
        status = done == attempted.count ? .success : done == 0 ? .failed : .partial
    }
}

/// What a run ended with.
public enum AutomationStatus: String, Codable, Sendable, CaseIterable {
    /// `enabled` is false (and the run was not requested by hand).
    case disabled
    /// No enabled migration window contains the current time.
    case outsideWindow = "outside_window"
    /// A blackout window contains the current time (it wins over migration windows).
    case blackout
    /// The cluster has no quorum.
    case noQuorum = "no_quorum"
    /// No plan has arrived from the scoring service.
    case noPlan = "no_plan"
    /// The plan's status is `stale` or `unavailable`.
    case stalePlan = "stale_plan"
    /// Running migrations already use every concurrent slot.
    case busy
    /// The checks passed and no candidate passed the filters.
    case noAction = "no_action"
    /// The policy selected moves (`pending`); the executor turns this into one of the three below.
    case ready
    /// Every selected move executed (or was logged, in a dry run).
    case success
    /// Some selected moves executed, some failed or were not attempted.
    case partial
    /// No selected move executed.
    case failed
}

/// Whether a run moves guests. A run an admin requested while automation is off follows
/// `dry_run` like any other; `disabled` is only the mode of a run that did nothing for that reason.
public enum AutomationMode: String, Codable, Sendable, CaseIterable {
    case disabled
    /// Decisions are made and recorded; nothing is migrated.
    case dryRun = "dry_run"
    case live
}

/// The run-level checks, each with what it found.
public struct SafetyChecks: Codable, Sendable, Equatable {
    /// Migration and blackout windows, e.g. "inside window 'nights' (22:00–06:00 Europe/Berlin)".
    public var migrationWindow: SafetyCheck
    public var quorum: SafetyCheck
    public var runningMigrations: RunningMigrationsCheck

    public init(migrationWindow: SafetyCheck, quorum: SafetyCheck, runningMigrations: RunningMigrationsCheck) {
        self.migrationWindow = migrationWindow
        self.quorum = quorum
        self.runningMigrations = runningMigrations
    }
}

/// One check: passed or not, and the facts in words.
public struct SafetyCheck: Codable, Sendable, Equatable {
    public var ok: Bool
    public var detail: String

    public init(ok: Bool, detail: String) {
        self.ok = ok
        self.detail = detail
    }
}

/// Migrations already running in the cluster against the concurrency limit.
public struct RunningMigrationsCheck: Codable, Sendable, Equatable {
    public var count: Int
    public var maxConcurrent: Int

    public init(count: Int, maxConcurrent: Int) {
        self.count = count
        self.maxConcurrent = maxConcurrent
    }
}
