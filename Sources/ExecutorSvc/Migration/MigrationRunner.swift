public import Contract
public import ExecutorPolicy
import Foundation
public import Logging
public import ProxmoxAPI
public import ProxmoxClient

/// Carries out migrations: validates against the live API, journals every step before it
/// acts, starts the Proxmox task, follows it to the end and publishes each state. One
/// migration per guest at a time; after a restart `resumeUnfinished()` picks up what the
/// journal says was in flight, so no migration is started twice.
public actor MigrationRunner {
    let cluster: String
    let client: PVEClient
    let journal: MigrationJournal
    let publisher: MigrationPublisher
    let reader: LiveFactsReader
    let follower: TaskFollower
    let configuration: RunnerConfiguration
    let logger: Logger
    let metrics: ExecutorMetrics
    /// Nodes in ProxBalance maintenance, as last announced by scoring.
    private(set) var maintenance: Set<String> = []
    /// Migrations in flight: id → the task running them.
    private var inFlight: [String: Task<MigrationStatus, Never>] = [:]
    /// Guests with a migration in flight: vmid → migration id.
    private var busyGuests: [Int: String] = [:]
    /// Called with every final state (outcome tracking, automation bookkeeping).
    private var onFinish: (@Sendable (MigrationStatus) async -> Void)?

    public init(
        cluster: String, client: PVEClient, journal: MigrationJournal, publisher: MigrationPublisher,
        configuration: RunnerConfiguration, logger: Logger, metrics: ExecutorMetrics = .none
    ) {
        self.cluster = cluster
        self.client = client
        self.journal = journal
        self.publisher = publisher
        self.reader = LiveFactsReader(client: client)
        self.follower = TaskFollower(
            client: client, pollInterval: configuration.pollInterval, timeout: configuration.timeout, logger: logger)
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
    }

    /// Sets the nodes in maintenance (from scoring's retained `{b}/maintenance`).
    public func setMaintenance(_ nodes: Set<String>) { maintenance = nodes }

    /// Sets what is called with every final state.
    public func setOnFinish(_ body: @escaping @Sendable (MigrationStatus) async -> Void) { onFinish = body }

    /// Migrations in flight now.
    public var inFlightCount: Int { inFlight.count }

    /// Journals `order` as queued — together with the command's answer, so a command is
    /// accepted with its migration or not at all — publishes it and starts it. Returns at once.
    /// - Parameter answer: the command's answer for the queued state, if a command asked.
    /// - Throws: when the journal cannot be written (nothing was started then).
    public func submit(
        _ order: MigrationOrder, label: GuestLabelFacts, answer: (@Sendable (MigrationStatus) -> CommandLedger.Answer?)? = nil
    ) async throws -> MigrationStatus {
        let status = try await enqueue(order, label: label, answer: answer)
        start(status, order: order)
        return status
    }

    /// Journals and publishes `order` as queued without starting it (see `runQueued`).
    public func enqueue(
        _ order: MigrationOrder, label: GuestLabelFacts, answer: (@Sendable (MigrationStatus) -> CommandLedger.Answer?)? = nil
    ) async throws -> MigrationStatus {
        let move = order.move
        var status = MigrationStatus(
            id: Self.newID(), cluster: cluster, commandId: order.commandId, origin: move.origin, vmid: move.vmid,
            name: label.name, type: label.type, source: move.source ?? label.node, target: move.target, dryRun: order.dryRun,
            haManaged: label.haManaged, message: "queued", command: "", createdAt: Date())
        status.recommendationId = move.recommendation?.id
        status.rollbackOf = order.rollbackOf
        status.requestedBy = order.requestedBy
        status.prediction = move.recommendation.map(MovePrediction.init(recommendation:))
        status.message = "\(status.label): \(status.source) → \(status.target) queued"
        try await journal.save(status, answer: answer?(status))
        await publisher.state(status)
        return status
    }

    /// Starts a migration `enqueue` journaled and waits for its final state.
    public func runQueued(_ status: MigrationStatus, order: MigrationOrder) async -> MigrationStatus {
        if inFlight[status.id] == nil { start(status, order: order) }
        return await wait(status.id) ?? status
    }

    /// Submits `order` and waits for its final state.
    public func run(_ order: MigrationOrder, label: GuestLabelFacts) async throws -> MigrationStatus {
        let queued = try await submit(order, label: label)
        return await wait(queued.id) ?? queued
    }

    /// The final state of migration `id` once it ends; `nil` when it is not in flight here.
    public func wait(_ id: String) async -> MigrationStatus? {
        guard let task = inFlight[id] else { return nil }
        return await task.value
    }

    /// The guests with a migration in flight.
    public var busyVMIDs: Set<Int> { Set(busyGuests.keys) }

    /// The guests claimed by another migration than `id`.
    func guestsBusy(except id: String) -> Set<Int> { Set(busyGuests.filter { $0.value != id }.keys) }

    /// Stops migration `id`: its Proxmox task is stopped (the guest stays on its source); it
    /// ends `cancelled` with `cancelled_by` = `requestedBy`.
    /// - Throws: `not_found` for an unknown migration, `invalid` for one that has ended or not started a task.
    public func cancel(_ id: String, requestedBy: String? = nil) async throws(ReplyError) -> MigrationStatus {
        let stored: MigrationStatus?
        do { stored = try await journal.migration(id) } catch { throw .internal("the journal could not be read: \(error)") }
        guard let status = stored else { throw .notFound("no migration '\(id)'") }
        guard !status.state.isFinal else { throw .invalid("migration \(id) has already ended (\(status.state.rawValue))") }
        guard let raw = status.upid ?? status.haUpid, let upid = try? PVEUPID(parsing: raw) else {
            throw .invalid("migration \(id) has no Proxmox task yet; try again in a moment")
        }
        cancelRequested.insert(id)
        cancellers[id] = requestedBy
        do {
            try await client.stopTask(upid)
        } catch {
            cancelRequested.remove(id)
            cancellers[id] = nil
            throw .internal("Proxmox did not stop task \(raw): \(error)")
        }
        return status
    }

    /// Migrations whose cancellation was asked (their failure is reported as `cancelled`).
    var cancelRequested: Set<String> = []
    /// Who asked to cancel each of those, when the `cancel` command said (`requested_by`).
    var cancellers: [String: String] = [:]

    /// Picks up every migration the journal has in flight (after a restart): running ones are
    /// followed at once — found by UPID, or among the node's tasks when the executor stopped
    /// between writing the journal and hearing Proxmox's answer; queued and validating ones
    /// start over (nothing was asked of Proxmox yet) one after another, once those have ended.
    public func resumeUnfinished() async {
        let unfinished: [MigrationStatus]
        do {
            unfinished = try await journal.unfinished()
        } catch {
            logger.error("journal not readable; unfinished migrations not resumed", metadata: ["error": "\(error)"])
            return
        }
        var waiting: [(MigrationStatus, MigrationOrder)] = []
        var following: [Task<MigrationStatus, Never>] = []
        for status in unfinished where inFlight[status.id] == nil {
            logger.info("resuming migration", metadata: ["migration": "\(status.id)", "state": "\(status.state.rawValue)"])
            let order = MigrationOrder(
                move: MoveRequest(vmid: status.vmid, source: status.source, target: status.target, origin: status.origin),
                dryRun: status.dryRun, commandId: status.commandId, rollbackOf: status.rollbackOf, requestedBy: status.requestedBy)
            // Tasks Proxmox already runs are followed at once; moves not started yet (say, the
            // rest of an evacuation) run one after another, as they would have.
            if status.state == .running {
                start(status, order: order)
                following += inFlight[status.id].map { [$0] } ?? []
            } else {
                waiting.append((status, order))
            }
        }
        // The first waiting move starts once the followed ones have ended, the others in turn.
        var previous = following
        for (status, order) in waiting {
            start(status, order: order, after: previous)
            previous = inFlight[status.id].map { [$0] } ?? []
        }
    }

    /// Starts driving `status` once every task in `previous` has ended; `wait` finds it at once.
    private func start(_ status: MigrationStatus, order: MigrationOrder, after previous: [Task<MigrationStatus, Never>] = []) {
        // The first migration of a guest claims it; a later one finds it busy when validating.
        if busyGuests[status.vmid] == nil { busyGuests[status.vmid] = status.id }
        inFlight[status.id] = Task {
            for task in previous { _ = await task.value }
            let final = await self.drive(status, order: order)
            await self.finished(final)
            return final
        }
    }

    private func finished(_ status: MigrationStatus) async {
        inFlight[status.id] = nil
        if busyGuests[status.vmid] == status.id { busyGuests[status.vmid] = nil }
        cancelRequested.remove(status.id)
        cancellers[status.id] = nil
        guard status.state.isFinal else { return }
        metrics.ended(status)
        await onFinish?(status)
    }

    /// Stops following every migration in flight (the executor is shutting down): each one's
    /// journal row and retained state say so and stay unfinished, so the next start follows
    /// its task again. Proxmox's tasks run on; nothing is asked of Proxmox here.
    public func stop() async {
        let running = inFlight
        for task in running.values { task.cancel() }
        for task in running.values { _ = await task.value }
        for id in running.keys {
            guard var status = try? await journal.migration(id), !status.state.isFinal else { continue }
            status.message = "the executor stopped while \(status.label) was \(status.state.rawValue); it is followed again when the executor starts"
            await record(status)
        }
    }

    static func newID() -> String {
        "m-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    }
}

/// What the runner needs to name a guest before it has read the live API.
public struct GuestLabelFacts: Sendable {
    public var type: GuestType
    public var name: String?
    public var node: String
    public var haManaged: Bool

    public init(type: GuestType, name: String?, node: String, haManaged: Bool) {
        self.type = type
        self.name = name
        self.node = node
        self.haManaged = haManaged
    }
}
