import Contract
import Foundation
import Logging
import Primitives
import ProxmoxClient
import ServiceLifecycle
import ServiceRuntime

/// The collector's loop: every interval, run one `Collector` cycle. Nothing stops the loop
/// but shutdown: failures are published as events by the collector itself.
public struct CollectorService: Service {
    private let collector: Collector
    private let intervalSeconds: Double

    public init(collector: Collector, intervalSeconds: Double) {
        self.collector = collector
        self.intervalSeconds = intervalSeconds
    }

    public func run() async throws {
        // Shutdown cancels the loop mid-sleep; that is the normal end, not a failure.
        try? await cancelWhenGracefulShutdown {
            let interval = Duration.milliseconds(Int64(intervalSeconds * 1000))
            let clock = ContinuousClock()
            var next = clock.now
            while !Task.isCancelled {
                _ = await collector.collectOnce()
                next = next.advanced(by: interval)
                if next < clock.now { next = clock.now }  // a slow cycle delays, never bunches, the next
                try await Task.sleep(until: next, clock: clock)
            }
        }
    }
}

/// One collection cycle at a time: read the cluster, build the snapshot, publish it with
/// per-node and per-guest state, and announce failures and recoveries. A failed part degrades
/// the snapshot; a failed cycle publishes an event instead.
public actor Collector {
    private let reader: ClusterReader
    private let bus: any MessagePublishing
    private let topics: Topics
    private let configuration: CollectorConfiguration
    private let pveURL: String
    private let discovery: HomeAssistantDiscovery.Setup
    private let logger: Logger
    private let metrics: CollectorMetrics
    private var state = CollectorState()

    public init(
        client: PVEClient, bus: any MessagePublishing, topics: Topics, configuration: CollectorConfiguration, logger: Logger,
        metrics: CollectorMetrics = .none, consoleURL: String? = nil
    ) {
        reader = ClusterReader(client: client, configuration: configuration, logger: logger)
        self.bus = bus
        self.topics = topics
        self.configuration = configuration
        pveURL = client.baseURL
        discovery = HomeAssistantDiscovery.Setup(
            topics: topics, version: ProductVersion.current, intervalSeconds: configuration.intervalSeconds, pveURL: client.baseURL,
            consoleURL: consoleURL)
        self.logger = logger
        self.metrics = metrics
    }

    /// Why the cluster state on the bus is not current (readiness), or `nil` when it is.
    public func freshnessProblem() -> String? {
        CollectionFreshness(
            sinceSuccess: state.lastSuccess.map { ContinuousClock.now - $0 }, intervalSeconds: configuration.intervalSeconds,
            lastFailure: state.lastFailure
        ).problem
    }

    /// What the loop carries from one cycle to the next.
    struct CollectorState {
        var cycle = 0
        var health = CollectionHealth()
        var counters: [Int: CounterSample] = [:]
        var published = SnapshotMessages.Published()
        /// Nodes with a Home Assistant discovery config on the broker.
        var discovered: Set<String> = []
        /// When the last snapshot was published.
        var lastSuccess: ContinuousClock.Instant?
        /// Why the latest cycle failed; `nil` after a successful one.
        var lastFailure: String?
    }

    /// Runs one cycle: read, build, publish, announce. Returns the snapshot it published, or
    /// `nil` when the cluster could not be read. Never throws.
    @discardableResult
    public func collectOnce() async -> ClusterSnapshot? {
        state.cycle += 1
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: CycleOutcome
        var published: ClusterSnapshot?
        do {
            let reading = try await reader.read(cycle: state.cycle)
            let elapsed = clock.now - start
            let builder = SnapshotBuilder(cluster: topics.cluster, intervalSeconds: configuration.intervalSeconds)
            let (snapshot, counters) = builder.build(
                reading, previousCounters: state.counters, cycle: state.cycle,
                durationMs: elapsed.seconds * 1000, now: Date())
            state.counters = counters
            state.published = await publish(snapshot, previously: state.published)
            state.discovered = await announce(nodes: Set(snapshot.nodes.map(\.name)), previously: state.discovered)
            published = snapshot
            state.lastSuccess = clock.now
            state.lastFailure = nil
            outcome = .collected(offlineNodes: Set(snapshot.nodes.filter { $0.status == "offline" }.map(\.name)))
            logger.debug(
                "collected",
                metadata: [
                    "cycle": "\(state.cycle)", "nodes": "\(snapshot.nodes.count)",
                    "guests": "\(snapshot.guests.count)", "errors": "\(snapshot.collection.errors.count)",
                ])
        } catch is CancellationError {
            return nil  // shutting down: not a failure to announce
        } catch let failure as CycleFailure {
            logger.error("collection failed", metadata: ["endpoint": "\(failure.endpoint)", "error": "\(failure.message)"])
            outcome = .failed(endpoint: failure.endpoint, message: failure.message, authentication: failure.isAuthentication)
        } catch {
            logger.error("collection failed", metadata: ["error": "\(error)"])
            outcome = .failed(endpoint: "/cluster/resources", message: "\(error)", authentication: false)
        }
        metrics.cycleTook(clock.now - start)
        if case .failed(let endpoint, let message, _) = outcome { state.lastFailure = "\(endpoint): \(message)" }
        for event in state.health.events(for: outcome, cluster: topics.cluster, pveURL: pveURL, at: Date()) {
            do {
                try await bus.publish(try SnapshotMessages.event(event, topics: topics))
            } catch {
                logger.warning("event not published", metadata: ["kind": "\(event.kind)", "error": "\(error)"])
            }
        }
        return published
    }

    /// Publishes the discovery config of every node announced so far again (Home Assistant
    /// started, or the broker connection came back); failures are logged.
    public func republishDiscovery() async {
        guard !state.discovered.isEmpty else { return }
        do {
            let messages = try HomeAssistantDiscovery.messages(added: Array(state.discovered), removed: [], cluster: true, setup: discovery)
            let failures = await bus.publishAll(messages)
            if let first = failures.first {
                logger.warning("Home Assistant discovery not republished", metadata: ["error": "\(first.error)"])
            }
        } catch {
            logger.error("Home Assistant discovery could not be encoded", metadata: ["error": "\(error)"])
        }
    }

    /// Publishes Home Assistant discovery for nodes that appeared and removes it for nodes that
    /// are gone. Returns the nodes now announced (unchanged on failure, so the next cycle retries).
    private func announce(nodes: Set<String>, previously: Set<String>) async -> Set<String> {
        guard nodes != previously else { return previously }
        do {
            let messages = try HomeAssistantDiscovery.messages(
                added: Array(nodes.subtracting(previously)), removed: Array(previously.subtracting(nodes)), cluster: previously.isEmpty,
                setup: discovery)
            let failures = await bus.publishAll(messages)
            if failures.isEmpty { return nodes }
            logger.warning("Home Assistant discovery not published", metadata: ["error": "\(failures[0].error)"])
        } catch {
            logger.error("Home Assistant discovery could not be encoded", metadata: ["error": "\(error)"])
        }
        return previously
    }

    private func publish(_ snapshot: ClusterSnapshot, previously published: SnapshotMessages.Published) async -> SnapshotMessages.Published {
        do {
            let (messages, now) = try SnapshotMessages.messages(for: snapshot, topics: topics, previously: published)
            let failures = await bus.publishAll(messages)
            if let first = failures.first {
                logger.warning(
                    "some state was not published", metadata: ["failed": "\(failures.count)", "topic": "\(first.topic)", "error": "\(first.error)"])
            }
            // Entities whose clearing failed stay "published" so the next cycle retries.
            let failedTopics = Set(failures.map(\.topic))
            let unclearedNodes = published.nodes.subtracting(now.nodes).filter { failedTopics.contains(topics.node($0)) }
            let unclearedGuests = published.guests.subtracting(now.guests).filter { failedTopics.contains(topics.guest($0)) }
            return SnapshotMessages.Published(nodes: now.nodes.union(unclearedNodes), guests: now.guests.union(unclearedGuests))
        } catch {
            logger.error("snapshot could not be encoded", metadata: ["error": "\(error)"])
            return published
        }
    }
}
