import Contract
import Foundation
import Logging
import MQTT
import SQLite
import ScoringEngine
import ServiceRuntime

/// Scoring's state and reactions, one change at a time: snapshots feed the history and are
/// planned; maintenance and settings changes are persisted, published and re-planned with the
/// last snapshot. Every plan is published retained with the node scores, and its events.
public actor Scorer {
    private let maintenanceStore: MaintenanceStore
    private let settingsStore: SettingsStore
    private let metricsHistory: MetricsHistory
    private let planStore: PlanStore
    /// Plans, scores, executed moves and feedback over 30 days (`Scorer+Outcomes.swift`).
    let outcomeHistory: OutcomeHistory
    private let database: SQLiteDatabase
    private let metrics: ScoringMetrics
    private let bus: any MessagePublishing
    let topics: Topics
    private let configuration: ScoringConfiguration
    let now: @Sendable () -> Date
    let logger: Logger
    /// The Home Assistant device announced with the settings, if any.
    private let discovery: ScoringDiscovery?
    /// Where cold-start history is backfilled from (`nil`: never backfilled).
    private let rrdSource: (any RRDSource)?
    private var backfiller = HistoryBackfiller()

    private var maintenance: Set<String>
    private var settings: ScoringSettings
    var snapshot: ClusterSnapshot?
    /// The retention window of node samples (also in SQLite); trends come from its last
    /// `analysis_lookback_hours`.
    private var window: SampleWindow
    /// Node and guest trends for the next plan, refreshed before each.
    private var trends = ClusterTrends()
    private var guestTrends = GuestTrendCache()
    private var plan: RecommendationSet?
    /// The executor's latest outcome report.
    private var outcomes: OutcomeReport?
    /// The executor's recent migrations: which placement changes ProxBalance made.
    private var proxBalanceMoves = ProxBalanceMoves()
    /// The last plan made from a usable snapshot (also in SQLite): what events compare with.
    private var lastUsablePlan: RecommendationSet?

    /// Loads maintenance, settings and the node history from `database` (default settings
    /// when the stored ones are unusable). `now` is the clock every plan and timestamp uses.
    public init(
        database: SQLiteDatabase, bus: any MessagePublishing, topics: Topics,
        configuration: ScoringConfiguration = ScoringConfiguration(), now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger, metrics: ScoringMetrics = .none, discovery: ScoringDiscovery? = nil, rrdSource: (any RRDSource)? = nil
    ) async throws {
        self.discovery = discovery
        self.rrdSource = rrdSource
        let maintenanceStore = MaintenanceStore(database: database)
        let settingsStore = SettingsStore(database: database)
        self.maintenanceStore = maintenanceStore
        self.settingsStore = settingsStore
        let metricsHistory = MetricsHistory(database: database)
        self.metricsHistory = metricsHistory
        let planStore = PlanStore(database: database)
        self.planStore = planStore
        outcomeHistory = OutcomeHistory(database: database)
        self.database = database
        self.metrics = metrics
        self.bus = bus
        self.topics = topics
        self.configuration = configuration
        self.now = now
        self.logger = logger
        maintenance = try await maintenanceStore.nodes()
        window = SampleWindow(
            try await metricsHistory.nodeSamples(since: now().addingTimeInterval(-configuration.historyRetention), now: now()))
        do {
            lastUsablePlan = try await planStore.lastUsable()
        } catch {
            logger.warning("the stored last plan is unusable; its events will be announced again", metadata: ["error": "\(error)"])
        }
        do {
            settings = try await settingsStore.load()
        } catch {
            logger.warning("stored scoring settings are unusable; using the defaults", metadata: ["error": "\(error)"])
            settings = ScoringSettings()
        }
    }

    /// Publishes the retained maintenance list, effective settings and Home Assistant device (at
    /// start, and again when Home Assistant starts or the broker connection came back).
    public func announce() async {
        await publish { [try maintenanceMessage(), try settingsMessage()] + (try discovery.map { [try $0.message(topics: topics)] } ?? []) }
        await publishFeedback()
    }

    /// The executor's outcome report: used by the next plan's confidence.
    public func receive(_ report: OutcomeReport) {
        outcomes = report
    }

    /// A migration's retained state from the executor (`nil`: its state with `id` was cleared);
    /// a completed one goes into the outcome history.
    public func receive(migration status: MigrationStatus?, id: String) async {
        if let status { proxBalanceMoves.receive(status) } else { proxBalanceMoves.remove(id: id) }
        guard let status else { return }
        do {
            try await outcomeHistory.record(status)
        } catch {
            logger.error("executed move not stored", metadata: ["migration": "\(id)", "error": "\(error)"])
        }
    }

    /// Adds `snapshot`'s node samples to the trend window (pruned to the retention, averaged per
    /// hour past `HistoryCompaction.rawHours`) and refreshes the trends; stores the snapshot in
    /// the metrics history and publishes its placement changes; plans; then refreshes the guest
    /// trends the next plan uses (off the path from snapshot to plan), compacts one batch and
    /// starts a backfill of series with little real history (`HistoryBackfiller`).
    public func receive(_ snapshot: ClusterSnapshot) async {
        self.snapshot = snapshot
        let samples = NodeSample.samples(of: snapshot)
        let cutoff = now().addingTimeInterval(-configuration.historyRetention)
        let rawCutoff = HistoryCompaction.hourStart(now().addingTimeInterval(-HistoryCompaction.rawHours * 3600))
        window.append(samples)
        window.prune(before: cutoff)
        window.compact(before: rawCutoff)
        do {
            let changes = try await metricsHistory.ingest(snapshot, proxBalanceTargets: proxBalanceMoves.targets(now: now()))
            for change in changes where change.by == .outside {
                logger.info(
                    "guest moved outside ProxBalance", metadata: ["vmid": "\(change.vmid)", "from": "\(change.from)", "to": "\(change.to)"])
            }
            await publish { try changes.map { MQTTMessage(topic: topics.placements, data: try MessageCoding.encode($0)) } }
        } catch {
            logger.error("metrics history not stored", metadata: ["error": "\(error)"])
        }
        await replan()
        await refreshGuestTrends(snapshot)
        await compactHistory()
        startBackfill(snapshot)
    }

    /// Starts a backfill run on its own task when one is due; its outcome comes back through
    /// `finishBackfill`.
    private func startBackfill(_ snapshot: ClusterSnapshot) {
        guard let rrdSource else { return }
        let subjects = backfiller.start(snapshot, now: now())
        guard !subjects.isEmpty else { return }
        let (history, cluster, at, tiers) = (metricsHistory, topics.cluster, now(), configuration.tiers)
        Task {
            let outcome = await HistoryBackfiller.run(subjects, cluster: cluster, source: rrdSource, history: history, now: at, tiers: tiers)
            await finishBackfill(outcome)
        }
    }

    /// Logs a backfill run; reloads the node sample window when nodes were backfilled, and
    /// forgets the cached trends of the guests that were (read whole again at the next refresh).
    private func finishBackfill(_ outcome: HistoryBackfiller.Outcome) async {
        if backfiller.finish(outcome, now: now()), let reason = outcome.unavailable {
            logger.warning("history not backfilled: the collector did not answer; retried later", metadata: ["error": "\(reason)"])
        }
        for failure in outcome.failures {
            logger.warning("history not backfilled", metadata: ["series": "\(failure.subject)", "error": "\(failure.reason)"])
        }
        let written = outcome.written.filter { $0.rollups > 0 }
        guard !written.isEmpty else { return }
        logger.info(
            "history backfilled from Proxmox RRD", metadata: ["series": "\(written.count)", "rollups": "\(written.reduce(0) { $0 + $1.rollups })"])
        guestTrends.forget(
            written.compactMap { if case .guest(let vmid) = $0.subject { vmid } else { nil } })
        guard written.contains(where: { if case .node = $0.subject { true } else { false } }) else { return }
        do {
            window = SampleWindow(
                try await metricsHistory.nodeSamples(since: now().addingTimeInterval(-configuration.historyRetention), now: now()))
        } catch {
            logger.error("backfilled node history not read", metadata: ["error": "\(error)"])
        }
    }

    /// Series compacted per kind and snapshot: small enough that a batch of guests takes a
    /// fraction of a second, large enough that a 6-hour block of 5,000 guests is compacted in
    /// 100 snapshots, long before the next.
    static let compactionBatch = 50

    /// One bounded compaction batch per kind of series (`MetricsHistory.compactBatch`).
    private func compactHistory() async {
        for kind in HistoryKind.allCases {
            do {
                try await metricsHistory.compactBatch(kind, now: now(), tiers: configuration.tiers, batch: Self.compactionBatch)
            } catch {
                logger.error("metrics history not compacted", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Answers a `history` request from the metrics history (`no_data` before the first snapshot).
    public func history(_ payload: Data) async -> [UInt8] {
        let id = RequestHeader.id(in: payload)
        let request: HistoryRequest
        let window: Int64
        do {
            request = try HistoryRequest.decode(payload)
            window = try request.windowSeconds()
        } catch {
            return ReplyPayload.failure(id: id, error)
        }
        guard let snapshot else { return ReplyPayload.failure(id: id, .noData) }
        let series: HistorySeries?
        do {
            series = try await metricsHistory.series(request.subject, window: window, now: now())
        } catch {
            logger.error("history not read", metadata: ["error": "\(error)"])
            return ReplyPayload.failure(id: id, .internal("the history could not be read: \(error)"))
        }
        guard let series, !series.points.isEmpty || isKnown(request.subject, in: snapshot) else {
            let field = request.vmid == nil ? "node" : "vmid"
            let name = request.vmid.map { "guest \($0)" } ?? "node '\(request.node ?? "")'"
            return ReplyPayload.failure(id: id, .notFound("\(field): \(name) has no history in cluster \(topics.cluster)"))
        }
        switch request.format ?? .json {
        case .json: return ReplyPayload.make(id: id, .success(series))
        case .csv: return ReplyPayload.make(id: id, .success(HistoryExport.csv(series)))
        }
    }

    private func isKnown(_ subject: MetricsHistory.Subject, in snapshot: ClusterSnapshot) -> Bool {
        switch subject {
        case .node(let name): snapshot.nodes.contains { $0.name == name }
        case .guest(let vmid): snapshot.guests.contains { $0.vmid == vmid }
        }
    }

    /// Puts `node` in maintenance or takes it out, persists and publishes the list, re-plans.
    /// - Throws: `ReplyError` for a node not in the cluster (see `MaintenanceCommand.check`), or
    ///   when the change cannot be stored (nothing changed then).
    /// - Parameter requestedBy: who the command was sent for (its `requested_by` user property),
    ///   logged with the change.
    public func setMaintenance(_ node: String, _ inMaintenance: Bool, requestedBy: String? = nil) async throws -> MaintenanceState {
        try MaintenanceCommand.check(
            node: node, on: inMaintenance, nodes: snapshot?.nodes.map(\.name), inMaintenance: maintenance)
        try await maintenanceStore.set(node, inMaintenance: inMaintenance, at: now())
        if inMaintenance { maintenance.insert(node) } else { maintenance.remove(node) }
        var metadata: Logger.Metadata = ["node": "\(node)", "maintenance": "\(inMaintenance)"]
        if let requestedBy { metadata["requested_by"] = "\(requestedBy)" }
        logger.info("maintenance changed", metadata: metadata)
        await publish { [try maintenanceMessage()] }
        await replan()
        return maintenanceState
    }

    /// Applies a partial settings update (see `SettingsUpdate`); on success persists and
    /// publishes the new effective settings and re-plans. A refused update changes nothing.
    public func updateSettings(_ payload: Data) async -> Result<ScoringSettings, ReplyError> {
        let updated: ScoringSettings
        do {
            updated = try SettingsUpdate.apply(payload, to: settings)
            try await settingsStore.save(updated, at: now())
        } catch let error as ReplyError {
            return .failure(error)
        } catch {
            logger.error("settings not stored", metadata: ["error": "\(error)"])
            return .failure(.internal("the settings could not be stored: \(error)"))
        }
        settings = updated
        logger.info("settings changed")
        await publish { [try settingsMessage()] }
        await replan()
        return .success(updated)
    }

    /// Answers a `simulate` request: the plan and scores the settings update in `payload` would
    /// give on the last snapshot, compared with the current ones. Nothing is stored or published.
    public func simulate(_ payload: Data) -> [UInt8] {
        ReplyPayload.make(id: RequestHeader.id(in: payload)) { () throws(ReplyError) in
            guard let snapshot else { throw .noData }
            let proposed = try SettingsUpdate.apply(payload, to: settings)
            let current = input(for: snapshot)
            let next = input(for: snapshot, settings: proposed)
            return SettingsSimulation.compare(
                current: Planner.plan(current), proposed: Planner.plan(next), scoresBefore: Planner.scores(current),
                scoresAfter: Planner.scores(next), settings: proposed)
        }
    }

    /// Answers a `threshold_suggestions` request from every node's metrics history over the
    /// window (default `analysis_lookback_hours`); `no_data` before the first snapshot or when no
    /// node of the snapshot has history in the window.
    public func thresholdSuggestions(_ payload: Data) async -> [UInt8] {
        let id = RequestHeader.id(in: payload)
        let window: Int64
        do {
            window = try ThresholdSuggestionsRequest.decode(payload).windowSeconds(lookbackHours: settings.analysisLookbackHours)
        } catch {
            return ReplyPayload.failure(id: id, error)
        }
        guard let snapshot else { return ReplyPayload.failure(id: id, .noData) }
        let at = now()
        var series: [HistorySeries] = []
        do {
            for node in snapshot.nodes {
                if let history = try await metricsHistory.series(.node(node.name), window: window, now: at) { series.append(history) }
            }
        } catch {
            logger.error("history not read", metadata: ["error": "\(error)"])
            return ReplyPayload.failure(id: id, .internal("the history could not be read: \(error)"))
        }
        let suggestions = ThresholdAdvisor.suggest(series, current: settings.penalties)
        guard !suggestions.isEmpty else { return ReplyPayload.failure(id: id, .noData) }
        let to = HistoryResolution.date(Int64(at.timeIntervalSince1970.rounded(.down)))
        return ReplyPayload.make(
            id: id,
            .success(
                ThresholdSuggestions(
                    cluster: topics.cluster, from: to.addingTimeInterval(-Double(window)), to: to, suggestions: suggestions)))
    }

    /// Throws when the settings and plan store does not take writes (readiness).
    public func probeStore() async throws {
        try await database.probeWrite()
    }

    /// The latest plan and its input (with the current time), for requests.
    public func state() -> ScoringState {
        ScoringState(input: snapshot.map { input(for: $0) }, plan: plan)
    }

    /// The nodes in ProxBalance maintenance, as published.
    public var maintenanceState: MaintenanceState {
        MaintenanceState(cluster: topics.cluster, nodes: maintenance.sorted(), updatedAt: now())
    }

    /// Plans the last snapshot and publishes the plan, the scores and the events it causes.
    private func replan() async {
        guard let snapshot else { return }
        trends.nodes = window.nodeTrends(now: now(), settings.penalties)
        let input = input(for: snapshot)
        let start = ContinuousClock.now
        var next = Planner.plan(input)
        metrics.planned(moves: next.recommendations.count, in: .now - start)
        next.changes = ChangeLog.changes(from: plan, to: next)
        let events = PlanEvents.events(previous: lastUsablePlan, current: next)
        let scores = Planner.scores(input)
        plan = next
        if PlanEvents.isUsable(next) {
            lastUsablePlan = next
            do {
                try await planStore.saveLastUsable(next)
            } catch {
                logger.error("last plan not stored", metadata: ["error": "\(error)"])
            }
        }
        logger.debug(
            "planned", metadata: ["cycle": "\(next.snapshotCycle)", "status": "\(next.status.rawValue)", "moves": "\(next.recommendations.count)"])
        await publish {
            [
                MQTTMessage(topic: topics.recommendations, data: try MessageCoding.encode(next), retain: true),
                MQTTMessage(topic: topics.scores, data: try MessageCoding.encode(scores), retain: true),
            ] + (try events.map { MQTTMessage(topic: topics.events($0.category), data: try MessageCoding.encode($0)) })
        }
        if PlanEvents.isUsable(next) { await recordOutcomes(next, scores: scores) }
    }

    /// The planner's input with `settings` (the effective ones by default), trends from their
    /// `analysis_lookback_hours`; nodes in Proxmox HA maintenance count as in maintenance there.
    private func input(for snapshot: ClusterSnapshot, settings: ScoringSettings? = nil) -> PlanInput {
        let settings = settings ?? self.settings
        let history = window.trends(since: now().addingTimeInterval(-Double(settings.analysisLookbackHours) * 3600))
        var input = PlanInput(
            snapshot: snapshot, maintenance: maintenance, history: history, settings: settings, now: now(), outcomes: outcomes)
        input.trends = trends
        return input
    }

    /// Guest trends (cached, refreshed once an hour) for every running guest of `snapshot`, for
    /// the next plan: node trends come from the sample window at each plan.
    private func refreshGuestTrends(_ snapshot: ClusterSnapshot) async {
        let vmids = snapshot.guests.filter(\.isRunning).map(\.vmid)
        var cache = guestTrends
        do {
            trends.guests = try await cache.trends(of: vmids, now: now(), history: metricsHistory)
            guestTrends = cache
        } catch {
            logger.error("guest trends not read", metadata: ["error": "\(error)"])
        }
    }

    private func maintenanceMessage() throws -> MQTTMessage {
        MQTTMessage(topic: topics.maintenance, data: try MessageCoding.encode(maintenanceState), retain: true)
    }

    private func settingsMessage() throws -> MQTTMessage {
        MQTTMessage(topic: topics.settings(.scoring), data: try MessageCoding.encode(Versioned(settings)), retain: true)
    }

    /// Builds and publishes `messages`, logging (not throwing) what fails.
    func publish(_ messages: () throws -> [MQTTMessage]) async {
        let built: [MQTTMessage]
        do {
            built = try messages()
        } catch {
            logger.error("messages could not be encoded", metadata: ["error": "\(error)"])
            return
        }
        for failure in await bus.publishAll(built, inFlight: 8) where !(failure.error is CancellationError) {
            logger.warning("not published", metadata: ["topic": "\(failure.topic)", "error": "\(failure.error)"])
        }
    }
}
