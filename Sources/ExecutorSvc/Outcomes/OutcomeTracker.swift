public import Contract
import Foundation
public import Logging
public import ProxmoxAPI
public import ProxmoxClient

/// Measures what completed migrations did: schedules checkpoints when one completes, measures
/// both nodes from the live API when a checkpoint is due, and publishes the report retained on
/// `{b}/executor/outcomes` for admins and for scoring's confidence.
public actor OutcomeTracker {
    private let topics: Topics
    private let client: PVEClient
    private let journal: MigrationJournal
    private let store: OutcomeStore
    private let publisher: MigrationPublisher
    private let checkpoints: [(name: String, seconds: Double)]
    private let logger: Logger
    private let clock: @Sendable () -> Date
    /// The report covers this many seconds back.
    static let window: Double = 30 * 86_400

    public init(
        topics: Topics, client: PVEClient, journal: MigrationJournal, store: OutcomeStore, publisher: MigrationPublisher,
        checkpoints: [(name: String, seconds: Double)], logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.topics = topics
        self.client = client
        self.journal = journal
        self.store = store
        self.publisher = publisher
        self.checkpoints = checkpoints
        self.logger = logger
        self.clock = clock
    }

    /// Called with every final migration state: a real completion gets its checkpoints.
    public func finished(_ status: MigrationStatus) async {
        if status.state == .completed, !status.dryRun, let finished = status.finishedAt {
            do {
                try await store.schedule(status.id, finished: finished, checkpoints: checkpoints)
            } catch {
                logger.error("outcome checkpoints not scheduled", metadata: ["migration": "\(status.id)", "error": "\(error)"])
            }
        }
        if status.state == .completed || status.state == .failed { await publishReport() }
    }

    /// Measures every due checkpoint; a failed API read leaves them due for the next call.
    public func measureDue() async {
        let now = clock()
        let due: [(migrationID: String, checkpoint: String)]
        do {
            due = try await store.due(at: now)
        } catch {
            logger.error("outcome store not readable", metadata: ["error": "\(error)"])
            return
        }
        guard !due.isEmpty else { return }
        let nodes: [PVEResource]
        do {
            nodes = try await client.clusterResources(type: .node)
        } catch {
            logger.warning("outcomes not measured: Proxmox not readable", metadata: ["error": "\(error)"])
            return
        }
        for entry in due {
            do {
                guard let migration = try await journal.migration(entry.migrationID),
                    let loads = MoveLoads(source: migration.source, target: migration.target, nodes: nodes)
                else { continue }
                try await store.save(OutcomeMath.measure(migration, checkpoint: entry.checkpoint, now: loads, at: now))
            } catch {
                logger.error("outcome not stored", metadata: ["migration": "\(entry.migrationID)", "error": "\(error)"])
            }
        }
        await publishReport()
    }

    /// Publishes the report over the last 30 days.
    public func publishReport() async {
        let now = clock()
        let since = now.addingTimeInterval(-Self.window)
        do {
            let migrations = try await journal.history(from: since, limit: 100_000)
            let measurements = try await store.measurements(since: since)
            let report = OutcomeMath.report(
                cluster: topics.cluster, at: now, migrations: migrations, measurements: measurements,
                checkpoints: checkpoints.map(\.name))
            await publisher.send(report, to: topics.outcomes, retain: true)
        } catch {
            logger.error("outcome report not built", metadata: ["error": "\(error)"])
        }
    }
}
