public import Contract
public import ExecutorPolicy
import Foundation
public import Logging
public import Primitives
public import ProxmoxClient
public import SQLite
public import ServiceRuntime

/// The executor of one cluster: the runner and its journal, the automation settings and the
/// observation ledger (persisted), and what the bus last said (plan, tags, maintenance).
/// Commands arrive here from `ExecutorService`; each answer is a `Result` for the reply.
/// Automation runs and evacuations run on tasks it owns until they end (see `shutdown`).
public actor Executor {
    let topics: Topics
    /// The console's address, the Home Assistant device's configuration URL.
    private let consoleURL: String?
    let client: PVEClient
    let runner: MigrationRunner
    let journal: MigrationJournal
    let ledger: CommandLedger
    let outsideMoves: OutsideMoves
    let records: JSONRecordStore
    let publisher: MigrationPublisher
    let bus: any MessagePublishing
    let configuration: ExecutorConfiguration
    let outcomes: OutcomeTracker
    let logger: Logger
    let metrics: ExecutorMetrics
    /// The time of every decision, window, cooldown and rollback window.
    let clock: @Sendable () -> Date
    /// Rung when the settings change, so the automation schedule follows them at once.
    let settingsChanged = Doorbell()
    var settings = AutomationSettings()
    var observations = ObservationLedger()
    var plan: RecommendationSet?
    var tags: [Int: GuestTags] = [:]
    var maintenance: MaintenanceState?
    /// True from the moment an automation run is claimed (before its decision) until its
    /// moves have ended: one run at a time.
    var automationBusy = false
    /// True while a claimed run executes its moves (decisions then only report).
    var automationExecuting = false
    /// Set by `shutdown`: no new move, run or evacuation starts.
    var stopping = false
    /// Automation runs and evacuations in progress.
    var owned: [UUID: Task<Void, Never>] = [:]

    static let settingsKey = "automation_settings"
    static let observationsKey = "observations"

    public init(
        topics: Topics, client: PVEClient, database: SQLiteDatabase, bus: any MessagePublishing,
        configuration: ExecutorConfiguration, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() },
        metrics: ExecutorMetrics = .none, consoleURL: String? = nil
    ) {
        self.consoleURL = consoleURL
        self.topics = topics
        self.client = client
        self.journal = MigrationJournal(database: database)
        self.ledger = CommandLedger(database: database)
        self.outsideMoves = OutsideMoves(database: database)
        self.records = JSONRecordStore(database: database, table: "records")
        self.publisher = MigrationPublisher(bus: bus, topics: topics, logger: logger)
        self.bus = bus
        self.runner = MigrationRunner(
            cluster: topics.cluster, client: client, journal: journal, publisher: publisher,
            configuration: configuration.runner, logger: logger, metrics: metrics)
        self.outcomes = OutcomeTracker(
            topics: topics, client: client, journal: journal, store: OutcomeStore(database: database), publisher: publisher,
            checkpoints: configuration.outcomeCheckpoints, logger: logger, clock: clock)
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.metrics = metrics
    }

    /// Loads the stored settings and ledger, announces the settings, and resumes the
    /// migrations the journal has in flight.
    public func start() async {
        do {
            if let stored = try await records.load(AutomationSettings.self, Self.settingsKey) { settings = stored }
            if let stored = try await records.load(ObservationLedger.self, Self.observationsKey) { observations = stored }
        } catch {
            logger.error("stored settings not readable; using defaults", metadata: ["error": "\(error)"])
        }
        await publisher.send(Versioned(settings), to: topics.settings(.executor), retain: true)
        await announceToHomeAssistant()
        let outcomes = self.outcomes
        await runner.setOnFinish { await outcomes.finished($0) }
        await outcomes.publishReport()
        await runner.resumeUnfinished()
    }

    /// Publishes the Home Assistant device again with the retained state its entities read
    /// (settings, outcomes): Home Assistant started, or the broker connection came back.
    public func republishForHomeAssistant() async {
        await announceToHomeAssistant()
        await publisher.send(Versioned(settings), to: topics.settings(.executor), retain: true)
        await outcomes.publishReport()
    }

    /// Publishes the Home Assistant device of this executor (retained); a failure is logged.
    private func announceToHomeAssistant() async {
        do {
            try await bus.publish(try ExecutorDiscovery.message(topics: topics, version: ProductVersion.current, consoleURL: consoleURL))
        } catch {
            logger.warning("Home Assistant discovery not published", metadata: ["error": "\(error)"])
        }
    }

    /// Ended migrations are kept this long (dry runs a week), then purged with their outcomes,
    /// the command answers and the moves made outside ProxBalance of that age; the retained
    /// state of a dry run stays on the bus a day, that of any other migration until it is purged.
    static let retention: TimeInterval = 90 * 86_400
    static let dryRunRetention: TimeInterval = 7 * 86_400
    static let dryRunRetainedFor: TimeInterval = 86_400

    /// Clears the retained states of day-old dry runs, then purges what is older than the
    /// retention, each migration only once its retained state is cleared (so no retained state
    /// outlives its journal row). A failure is logged and retried at the next purge.
    public func purgeOld() async {
        let now = clock()
        do {
            let dryRuns = try await journal.retainedDryRuns(before: now.addingTimeInterval(-Self.dryRunRetainedFor))
            try await journal.markUnretained(try await clearRetained(dryRuns))
            let expired = try await journal.expired(
                before: now.addingTimeInterval(-Self.retention), dryRunsBefore: now.addingTimeInterval(-Self.dryRunRetention))
            let cleared = try await clearRetained(expired.filter(\.retained).map(\.id))
            let purgeable = expired.filter { !$0.retained }.map(\.id) + cleared
            let removed = try await journal.delete(purgeable, commandsBefore: now.addingTimeInterval(-Self.retention))
            let outside = try await outsideMoves.delete(before: now.addingTimeInterval(-Self.retention))
            if removed > 0 || !dryRuns.isEmpty || outside > 0 {
                logger.info(
                    "old migrations purged",
                    metadata: ["count": "\(removed)", "dry_runs_unretained": "\(dryRuns.count)", "outside_moves": "\(outside)"])
            }
        } catch {
            logger.error("journal purge failed", metadata: ["error": "\(error)"])
        }
    }

    /// Clears the retained states of `ids` in order and returns those cleared; stops at the
    /// first the broker did not take (the rest wait for the next purge).
    private func clearRetained(_ ids: [String]) async -> [String] {
        var cleared: [String] = []
        for id in ids {
            do {
                try await publisher.clearState(id)
                cleared.append(id)
            } catch {
                logger.warning("retained migration state not cleared", metadata: ["migration": "\(id)", "error": "\(error)"])
                break
            }
        }
        return cleared
    }

    /// The automation settings in force.
    public var automationSettings: AutomationSettings { settings }

    // MARK: What the bus says

    /// A new plan from scoring: kept for commands and counted in the observation ledger.
    public func receive(_ plan: RecommendationSet) async {
        guard plan.cluster == topics.cluster else { return }
        self.plan = plan
        let before = observations
        observations.record(plan)
        guard observations != before else { return }
        do {
            try await records.save(observations, Self.observationsKey, at: clock())
        } catch {
            logger.error("observation ledger not stored", metadata: ["error": "\(error)"])
        }
    }

    /// A new cluster snapshot: the guests' tags.
    public func receive(_ snapshot: ClusterSnapshot) {
        guard snapshot.cluster == topics.cluster else { return }
        tags = Dictionary(snapshot.guests.map { ($0.vmid, GuestTags($0.tags)) }, uniquingKeysWith: { first, _ in first })
    }

    /// A guest seen on another node by scoring: one moved outside ProxBalance is recorded for
    /// the cooldown and rollback detection (once, however often it is delivered); ProxBalance's
    /// own moves are in the journal already. A change that cannot be stored is logged.
    public func receive(_ change: PlacementChange) async {
        guard change.by == .outside else { return }
        let metadata: Logger.Metadata = ["vmid": "\(change.vmid)", "from": "\(change.from)", "to": "\(change.to)", "at": "\(change.at)"]
        do {
            if try await outsideMoves.record(change) { logger.info("guest moved outside ProxBalance recorded", metadata: metadata) }
        } catch {
            logger.error("move made outside ProxBalance not stored", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }

    /// Scoring's maintenance list.
    public func receive(_ state: MaintenanceState) async {
        guard state.cluster == topics.cluster else { return }
        maintenance = state
        await runner.setMaintenance(Set(state.nodes))
    }

    // MARK: Settings

    /// Applies a partial settings update, stores and announces it. Its `requested_by` (who the
    /// web console sent it for) is no setting: it is checked and logged with the change.
    public func updateSettings(_ payload: Data) async -> Result<AutomationSettings, ReplyError> {
        let updated: AutomationSettings
        let requestedBy: String?
        do {
            let (update, by) = try RequestedBy.split(payload)
            requestedBy = by
            updated = try settings.applying(update)
        } catch {
            return .failure(error)
        }
        do {
            try await records.save(updated, Self.settingsKey, at: clock())
        } catch {
            return .failure(.internal("the settings could not be stored: \(error)"))
        }
        settings = updated
        logger.info("automation settings changed", metadata: requestedBy.map { ["requested_by": "\($0)"] } ?? [:])
        settingsChanged.ring()
        await publisher.send(Versioned(updated), to: topics.settings(.executor), retain: true)
        return .success(updated)
    }

    // MARK: Idempotent commands

    /// The stored answer of command `id` for `op`, if it was handled before.
    /// - Throws: `internal` when the ledger cannot be read: the command must then not be carried
    ///   out, since it may have been carried out already.
    func previousAnswer(op: String, id: String) async throws(ReplyError) -> [UInt8]? {
        do {
            return try await ledger.answer(op: op, id: id)
        } catch {
            logger.error("command ledger not readable; command refused", metadata: ["op": "\(op)", "id": "\(id)", "error": "\(error)"])
            throw .internal(
                "the command ledger could not be read, so it is unknown whether command '\(id)' was carried out already; nothing was done: \(error)")
        }
    }

    /// Records `reply` as the answer of command `id`.
    func remember(op: String, id: String, reply: [UInt8]) async {
        do {
            try await ledger.record(CommandLedger.Answer(op: op, id: id, reply: reply, at: Date()))
        } catch {
            logger.error("command answer not stored", metadata: ["op": "\(op)", "id": "\(id)", "error": "\(error)"])
        }
    }
}
