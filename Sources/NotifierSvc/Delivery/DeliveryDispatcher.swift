import Foundation
import HTTPTransport
import Logging
import Primitives
import Synchronization

/// Runs one `DestinationWorker` per enabled destination and wakes it when its outbox grows.
public actor DeliveryDispatcher {
    private struct Running {
        let task: Task<Void, Never>
        let bell: Doorbell
        let finished: Flag
    }

    /// Set once the worker's loop has ended (its destination was disabled).
    private final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    private let outbox: Outbox
    private let settings: SettingsBox
    private let makeClient: @Sendable (Destination) -> any HTTPClient
    private let clock: @Sendable () -> Date
    private let report: @Sendable (DeliveryFailure) async -> Void
    private let metrics: NotifierMetrics
    private let logger: Logger
    private var workers: [String: Running] = [:]

    /// - Parameters:
    ///   - makeClient: the HTTP client of one destination's worker.
    ///   - report: called with every delivery given up.
    public init(
        outbox: Outbox, settings: SettingsBox, makeClient: @escaping @Sendable (Destination) -> any HTTPClient,
        clock: @escaping @Sendable () -> Date = { Date() }, report: @escaping @Sendable (DeliveryFailure) async -> Void,
        metrics: NotifierMetrics = .none, logger: Logger
    ) {
        self.outbox = outbox
        self.settings = settings
        self.makeClient = makeClient
        self.clock = clock
        self.report = report
        self.metrics = metrics
        self.logger = logger
    }

    /// Starts a worker for every enabled destination without a running one, stops those of
    /// removed destinations and wakes the others (their settings may have changed).
    public func sync() {
        let current = settings.current
        let enabled = Set(current.destinations.filter(\.enabled).map(\.id))
        for (id, worker) in workers where !enabled.contains(id) || worker.finished.isSet {
            worker.task.cancel()
            workers[id] = nil
        }
        for destination in current.destinations where enabled.contains(destination.id) {
            if let running = workers[destination.id] {
                running.bell.ring()
                continue
            }
            let bell = Doorbell()
            let finished = Flag()
            var logger = logger
            logger[metadataKey: "destination"] = "\(destination.id)"
            let worker = DestinationWorker(
                id: destination.id, outbox: outbox, settings: settings, client: makeClient(destination), bell: bell, clock: clock,
                report: report, metrics: metrics.destination(destination.id), logger: logger)
            let running = Running(
                task: Task {
                    await worker.run()
                    finished.set()
                }, bell: bell, finished: finished)
            workers[destination.id] = running
        }
    }

    /// Wakes the workers of `destinations` (new items were queued for them).
    public func ring(_ destinations: [String]) {
        for id in destinations { workers[id]?.bell.ring() }
    }

    /// Stops every worker and waits for them; items being sent stay pending.
    public func stop() async {
        let running = workers.values
        workers.removeAll()
        for worker in running { worker.task.cancel() }
        for worker in running { await worker.task.value }
    }
}
