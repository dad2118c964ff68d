public import Contract
public import Foundation

/// Everything one automation run decides from. The executor records `plan` in `observations`
/// before deciding, so a move in its first plan has a streak of 1.
public struct AutomationInput: Sendable {
    public var settings: AutomationSettings
    /// The latest plan, nil before the first one arrives.
    public var plan: RecommendationSet?
    public var observations: ObservationLedger
    /// Finished migrations from the journal (at least the last 7 days and the rollback window).
    public var history: [PastMigration]
    /// Tags per vmid from the latest cluster snapshot; a guest missing here has no tags.
    public var tags: [Int: GuestTags]
    public var quorate: Bool
    /// Migrations running in the cluster now, whoever started them.
    public var runningMigrations: Int
    public var now: Date
    /// A run an admin requested (`run_automation`): it ignores `enabled` and nothing else —
    /// windows, quorum, budget, dry run and every filter still apply.
    public var forced: Bool
    /// An earlier run is still executing its moves: this decision selects none, it only says
    /// where every candidate stands.
    public var runInProgress: Bool

    public init(
        settings: AutomationSettings, plan: RecommendationSet?, observations: ObservationLedger, history: [PastMigration],
        tags: [Int: GuestTags], quorate: Bool, runningMigrations: Int, now: Date, forced: Bool = false, runInProgress: Bool = false
    ) {
        self.settings = settings
        self.plan = plan
        self.observations = observations
        self.history = history
        self.tags = tags
        self.quorate = quorate
        self.runningMigrations = runningMigrations
        self.now = now
        self.forced = forced
        self.runInProgress = runInProgress
    }
}
